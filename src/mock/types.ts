// The types of the rows a caller gives the mock, and of the rows it generates: by operationId, of any spec. The
// package's list items come from its generated client types (each iterator's item), so that no schema is named here.
import type { OperationMethods } from "../../generated/client-types";

/** The `rows` option: operationId -> its rows (a paged list's items, or a by-id operation's bodies). */
export type MockRows = Readonly<Record<string, readonly unknown[] | undefined>>;

/** An item of any paged list of the package's spec: what its iterators yield. */
export type ListedItem = {
  [M in keyof OperationMethods]: OperationMethods[M] extends (...args: never[]) => AsyncGenerator<infer Item, void, undefined> ? Item : never;
}[keyof OperationMethods];
