// The contract project's teardown: the Prism mocks the setup started stop, whatever the tests said.
import { stopAll } from "../targets/prism";
import { state } from "./shared";

export default async function globalTeardown(): Promise<void> {
  await Promise.all((state.contractMocks ?? []).map((prism) => prism.stop()));
  await stopAll();
  state.contractMocks = undefined;
}
