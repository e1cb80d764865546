// A building's or a post's name in the UI's language: the Chinese name (OSM's `name:zh`) in the Chinese UI when the
// site gives one, else the name, else the id.

export function localName(f: { id: string; name?: string; name_zh?: string }, language: string): string {
  if (language.startsWith('zh') && f.name_zh) return f.name_zh;
  return f.name ?? f.id;
}
