/** The home page: what the app offers. */
export function Home() {
  return (
    <main>
      <h1>metakit</h1>
      <p>Systematic review and meta-analysis, computed in your browser with metakit's own engine.</p>
      <nav aria-label="Pages">
        <ul>
          <li>
            <a href="#/analyse">Analyse a CSV</a>: pool the studies of a CSV with metafor's column names.
          </li>
        </ul>
      </nav>
    </main>
  );
}
