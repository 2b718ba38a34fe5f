/** Downloads: a text file as a link (its URL made once per content), a figure's PNG made on request. */
import { useEffect, useMemo, useState } from "preact/hooks";

/** A link that downloads `text` as `file`. */
export function TextDownload(props: { text: string; file: string; type: string; children: string }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([props.text], { type: props.type })), [props.text, props.type]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <a href={href} download={props.file}>
      {props.children}
    </a>
  );
}

/** A button that makes a file when pressed (a PNG drawn then) and downloads it. */
export function MadeDownload(props: { make: () => Promise<Blob>; file: string; children: string }) {
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const onClick = async () => {
    setState({ busy: true });
    try {
      const url = URL.createObjectURL(await props.make());
      const a = document.createElement("a");
      a.href = url;
      a.download = props.file;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({});
    } catch (error) {
      setState({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <>
      <button type="button" class="link" onClick={onClick} aria-busy={state.busy === true}>
        {props.children}
      </button>
      {state.error !== undefined && <span role="alert">{state.error}</span>}
    </>
  );
}
