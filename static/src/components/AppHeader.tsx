// The bar across the top: the product name and, once known, who is in.
import type { User } from "../api";

interface Props {
  user: User | null;
}

export default function AppHeader({ user }: Props) {
  return (
    <header className="app-header">
      <a className="brand" href="#/">
        ClassCloud
      </a>
      {user && (
        <span className="header-user" title={user.email}>
          {user.display_name || user.email}
        </span>
      )}
    </header>
  );
}
