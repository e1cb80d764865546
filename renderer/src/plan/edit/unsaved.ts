// Whether the Plan editor holds edits not yet saved: the header's Open… and Demo ask before replacing them.
let unsaved = false;

export function setUnsaved(value: boolean): void {
  unsaved = value;
}

export function hasUnsaved(): boolean {
  return unsaved;
}
