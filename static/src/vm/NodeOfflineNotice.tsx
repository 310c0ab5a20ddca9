// Said instead of a spinner when the Proxmox node of a VM does not answer.
export default function NodeOfflineNotice({ node }: { node: string | null }) {
  return (
    <div className="notice notice-warning" role="status">
      <p className="notice-message">
        The server this VM runs on{node ? ` (${node})` : ""} is offline. Its
        state is unknown and it cannot be started, stopped or opened until the
        server is back. Your disk is not lost; try again later or ask your
        instructor.
      </p>
    </div>
  );
}
