// What a logged-in user sees for an address the UI does not know.
export default function NotFoundPage() {
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p>
        This address does not match a ClassCloud page.{" "}
        <a href="#/">Go to your home page</a>.
      </p>
    </section>
  );
}
