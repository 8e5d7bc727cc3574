// The contract project's teardown: the Prism the setup started stops, whatever the tests said.
import { stopAll } from "../targets/prism";
import { state } from "./shared";

export default async function globalTeardown(): Promise<void> {
  await state.contractMocks?.prism.stop();
  await stopAll();
  state.contractMocks = undefined;
}
