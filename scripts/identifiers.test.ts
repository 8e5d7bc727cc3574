import { identifierAllocator, identifierOf } from "./identifiers";

describe("a spec's names as identifiers", () => {
  it.each([
    ["listSamples", false, "listSamples"],
    ["find pet by id", false, "findPetById"],
    ["repos/get-content", false, "reposGetContent"],
    ["books.fetch", false, "booksFetch"],
    ["shelves.list-entries", false, "shelvesListEntries"],
    ["Book-Summary", true, "BookSummary"],
    ["book summary", true, "BookSummary"],
    ["2fa-verify", false, "_2faVerify"],
    ["--", false, "_"],
  ])("%s -> %s", (name, type, expected) => {
    expect(identifierOf(name, type)).toBe(expected);
  });

  it("never hands out one identifier twice: a later name gets the lowest free number, reserved names are never given", () => {
    const allocate = identifierAllocator(["raw"]);
    // "get item 2" is getItem2 by the rule, which "get_item" already took: it is numbered in its turn.
    expect(["get-item", "get_item", "getItem", "raw", "get item 2"].map((n) => allocate(n))).toEqual(["getItem", "getItem2", "getItem3", "raw2", "getItem22"]);
  });
});
