// The header row of a data table: one column header per name, and an unlabelled-to-the-eye last column (named for
// screen readers) when the rows end in buttons.
export function ColumnHeads({ names, actions }: { names: readonly string[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {names.map((n) => (
          <th scope="col" key={n}>
            {n}
          </th>
        ))}
        {actions !== undefined && (
          <th scope="col">
            <span class="sr-only">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
