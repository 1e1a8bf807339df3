/** Table columns as sf-plugins-core's `table` takes them: the row keys in order, each with its heading. */
export type TableColumn<K extends string> = { key: K; name: string };

/** The columns for `keys`, headed by `heading(key)` (the command's messages: `column.<key>`). */
export function tableColumns<K extends string>(keys: readonly K[], heading: (key: K) => string): Array<TableColumn<K>> {
  return keys.map((key) => ({ key, name: heading(key) }));
}
