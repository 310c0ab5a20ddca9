// What an import would do, row by row: errors at their line first, then
// who is added, kept and dropped.
import type { Preview } from "./rosterApi";

interface Props {
  preview: Preview;
}

export default function PreviewTable({ preview }: Props) {
  const { counts } = preview;
  const rows = [
    ...preview.errors.map((e) => ({
      key: `e${e.line}`,
      line: e.line,
      kind: "error",
      who: e.column ? `column ${e.column}` : "",
      note: e.message,
    })),
    ...preview.duplicates.map((d) => ({
      key: `d${d.line}`,
      line: d.line,
      kind: "duplicate",
      who: "",
      note: d.message,
    })),
    ...preview.add.map((p) => ({
      key: `a${p.line}`,
      line: p.line,
      kind: "add",
      who: `${p.display_name} <${p.email}>`,
      note: `${p.role}${p.new_account ? ", new account" : ""}`,
    })),
    ...preview.keep.map((p) => ({
      key: `k${p.line}`,
      line: p.line,
      kind: "keep",
      who: `${p.display_name} <${p.email}>`,
      note: "already enrolled",
    })),
    ...preview.drop.map((p) => ({
      key: `x${p.user_id}`,
      line: 0,
      kind: "drop",
      who: `${p.display_name} <${p.email}>`,
      note: "not in the file",
    })),
  ].sort(
    (a, b) =>
      (a.kind === "error" ? -1 : 0) - (b.kind === "error" ? -1 : 0) ||
      a.line - b.line,
  );

  return (
    <div className="preview">
      <p className="preview-counts">
        {counts.rows} rows: <strong>{counts.add}</strong> to add, {counts.keep}{" "}
        already enrolled, {counts.drop} to drop,{" "}
        <span className={counts.errors > 0 ? "text-error" : undefined}>
          {counts.errors} errors
        </span>
        {counts.duplicates > 0 && `, ${counts.duplicates} duplicates left out`}
      </p>
      {preview.ignored_columns.length > 0 && (
        <p className="muted">
          Ignored columns: {preview.ignored_columns.join(", ")}
        </p>
      )}
      <div className="table-scroll">
        <table className="roster-table">
          <thead>
            <tr>
              <th>Line</th>
              <th>What</th>
              <th>Who</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 500).map((r) => (
              <tr key={r.key} className={`row-${r.kind}`}>
                <td>{r.line > 0 ? r.line : "–"}</td>
                <td>{r.kind}</td>
                <td>{r.who}</td>
                <td>{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > 500 && (
        <p className="muted">First 500 of {rows.length} rows shown.</p>
      )}
    </div>
  );
}
