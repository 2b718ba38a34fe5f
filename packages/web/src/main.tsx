/** The web app: a hash router over its pages, so the static build runs from disk too. */
import "./app.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { AnalyseCsv } from "./analyse/page.js";
import { Home } from "./home.js";
import { reviewPage } from "./review/pages.js";
import { StudyPage } from "./studies/page.js";

export const ROUTES = { home: "#/", analyse: "#/analyse" } as const;

/** `/studies/STUDY_ID` (served by metakit serve): a study's extraction form. */
const STUDY_PATH = /^\/studies\/([^/]+)\/?$/;

function App() {
  const study = location.protocol === "file:" ? undefined : STUDY_PATH.exec(location.pathname)?.[1];
  if (study !== undefined) return <StudyPage id={decodeURIComponent(study)} />;
  const review = reviewPage(location.pathname);
  if (review !== undefined) {
    document.title = review.title;
    return review.page;
  }
  return <HashRoutes />;
}

function HashRoutes() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  useEffect(() => {
    document.title = hash === ROUTES.analyse ? "Analyse a CSV · metakit" : "metakit";
  }, [hash]);
  return hash === ROUTES.analyse ? <AnalyseCsv /> : <Home />;
}

const root = document.getElementById("app");
if (root) render(<App />, root);
