// Builds a gallery reference solution from its starter: each TODO comment is
// replaced by the code that fills it, and a TODO that is not found is an error
// at load time (so a starter edit cannot silently detach its solution).
// Scenarios layer.

/** `starter` with every [todo, code] pair applied in order. */
export function fillTodos(starter: string, fills: readonly (readonly [string, string])[]): string {
  let text = starter;
  for (const [todo, code] of fills) {
    if (!text.includes(todo)) throw new Error(`gallery: the starter has no ${JSON.stringify(todo.slice(0, 60))}`);
    text = text.replace(todo, code);
  }
  return text;
}
