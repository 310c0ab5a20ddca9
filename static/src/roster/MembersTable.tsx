// The people in a course with their credential mail and VM state.
import type { Member } from "./rosterApi";

interface Props {
  members: Member[];
}

function mailLabel(m: Member): string {
  if (m.mail === null) return m.has_password ? "has a password" : "–";
  if (m.mail.status === "failed") return `failed: ${m.mail.error}`;
  if (m.mail.status === "queued" && m.mail.attempts > 0)
    return `retrying (${m.mail.attempts} tries)`;

  return m.mail.status;
}

function vmLabel(m: Member): string {
  if (m.vm === null) return "–";
  if (m.vm.state === "ready") return m.vm.power_state;
  if (m.vm.state === "failed") return `failed: ${m.vm.error}`;

  return m.vm.state;
}

export default function MembersTable({ members }: Props) {
  if (members.length === 0)
    return <p className="muted">Nobody is enrolled yet.</p>;

  return (
    <div className="table-scroll">
      <table className="roster-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Mail</th>
            <th>VM</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.user_id}>
              <td>{m.display_name}</td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              <td className={m.mail?.status === "failed" ? "text-error" : ""}>
                {mailLabel(m)}
              </td>
              <td className={m.vm?.state === "failed" ? "text-error" : ""}>
                {vmLabel(m)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
