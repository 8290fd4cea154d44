// The move and remove buttons at the end of an editable list row, named for screen readers by the row.
export const rowButtonClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-40";

export function RowButtons({
  rowName,
  index,
  count,
  onMove,
  onRemove,
  canRemove,
}: {
  rowName: string;
  index: number;
  count: number;
  /** Omitted where order doesn't matter. */
  onMove?: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  canRemove: boolean;
}) {
  return (
    <div className="flex flex-wrap items-end gap-2">
      {onMove ? (
        <>
          <button type="button" className={rowButtonClass} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
            Up<span className="sr-only">: move {rowName} earlier</span>
          </button>
          <button type="button" className={rowButtonClass} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
            Down<span className="sr-only">: move {rowName} later</span>
          </button>
        </>
      ) : null}
      <button type="button" className={`${rowButtonClass} text-red-800`} disabled={!canRemove} onClick={() => onRemove(index)}>
        Remove<span className="sr-only"> {rowName}</span>
      </button>
    </div>
  );
}
