/** The home page: what the app offers, and the project's files when served. */
import { Project } from "./project.js";
import { served } from "./review/api.js";

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
          {served() && (
            <>
              <li>
                <a href="/reconcile">Reconcile two extractions</a>: compare two reviewers' extractions field by field and save the merged one.
              </li>
              <li>
                <a href="/report">Read the report</a>: preview the review report and write it to reports/.
              </li>
            </>
          )}
        </ul>
      </nav>
      <section aria-labelledby="project-heading">
        <h2 id="project-heading">Project</h2>
        <Project />
      </section>
    </main>
  );
}
