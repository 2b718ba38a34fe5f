/** A plain table: typed columns and rows of cells, rendered to Markdown or CSV. */
export type Align = "left" | "right" | "center";

export interface TableColumn {
  readonly header: string;
  /** Markdown alignment (default left). */
  readonly align?: Align;
}

/** A cell: text, a number (written as is), or empty (null or undefined). */
export type TableCell = string | number | null | undefined;

export interface Table {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly TableCell[])[];
}
