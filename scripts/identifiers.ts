// The one rule that turns a spec's names (operationIds, schema names) into JavaScript identifiers, and keeps them apart.
//   words: split at every run of characters that are not ASCII letters or digits; a word keeps its own letter case
//   join:  the first word as written (its first letter upper-cased for a type name), each later word with its first
//          letter upper-cased: "find pet by id" -> findPetById, "repos/get-content" -> reposGetContent,
//          "books.fetch" -> booksFetch, "Book-Summary" -> BookSummary; a name that is already one stays as it is
//   digits: a name that would start with a digit gets a leading "_" ("2fa-verify" -> _2faVerify); an empty one is "_"
//   collisions: names are taken in document order; one whose identifier is taken (or reserved) gets the lowest free
//          number appended ("get-item" and "get_item": getItem, getItem2)
const WORD_SEPARATOR = /[^A-Za-z0-9]+/;

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A name as an identifier, by the rule above (without the collision step). */
export function identifierOf(name: string, type = false): string {
  const words = name.split(WORD_SEPARATOR).filter(Boolean);
  const joined = words.map((word, i) => (i === 0 && !type ? word : upperFirst(word))).join("");
  if (joined === "") return "_";
  return /^\d/.test(joined) ? `_${joined}` : joined;
}

/** Hands out identifiers that never collide: each name in the order given, numbered when its identifier is taken. */
export function identifierAllocator(reserved: Iterable<string> = []): (name: string, type?: boolean) => string {
  const taken = new Set(reserved);
  return (name, type = false) => {
    const base = identifierOf(name, type);
    let chosen = base;
    for (let n = 2; taken.has(chosen); n++) chosen = `${base}${n}`;
    taken.add(chosen);
    return chosen;
  };
}
