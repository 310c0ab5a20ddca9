// The student's dashboard: their lab VMs, live, and the courses where
// they can still ask for one.
import type { Me } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import CourseVmRequests from "./CourseVmRequests";
import type { Vm } from "./types";
import { useVmList } from "./useVmList";
import VmCard from "./VmCard";
import "./dashboard.css";

interface Props {
  me: Me;
}

// Destroy is offered where the server says so, or to staff; the server
// checks again either way.
function mayDestroy(me: Me, vm: Vm): boolean {
  if (typeof vm.can_destroy === "boolean") return vm.can_destroy;
  if (me.user.role === "admin") return true;

  const course = me.courses.find((c) => c.id === vm.course.id);

  return course?.role === "faculty" || course?.role === "admin";
}

export default function StudentDashboard({ me }: Props) {
  const { vms, error, followed, follow, dismiss, refresh } = useVmList();
  const withVm = new Set((vms ?? []).map((vm) => vm.course.id));
  // A course role of faculty means teaching it, not needing a lab VM.
  const requestable = me.courses.filter(
    (c) => !withVm.has(c.id) && (c.role === undefined || c.role === "student"),
  );

  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Your lab VMs</h2>
      {error && (
        <ErrorNotice
          error={error}
          hint={vms ? "Showing what was last loaded." : undefined}
          onRetry={refresh}
        />
      )}
      {vms === null && !error && (
        <p className="status-line" role="status">
          Loading your VMs…
        </p>
      )}
      {vms !== null && vms.length === 0 && (
        <p className="muted">You have no lab VM yet.</p>
      )}
      <div className="vm-list">
        {(vms ?? []).map((vm) => (
          <VmCard
            key={vm.id}
            vm={vm}
            followed={followed.find((f) => f.vmId === vm.id)}
            canDestroy={mayDestroy(me, vm)}
            onJob={follow}
            onDismiss={dismiss}
          />
        ))}
      </div>
      {vms !== null && requestable.length > 0 && (
        <>
          <h2>Courses without a VM</h2>
          <CourseVmRequests
            courses={requestable}
            followed={followed}
            onJob={follow}
            onDismiss={dismiss}
          />
        </>
      )}
    </section>
  );
}
