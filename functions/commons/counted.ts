/** "1 interview", "2 interviews", "0 people": a count with its noun in the number English wants. */
export function counted(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
