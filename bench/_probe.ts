import Ajv2020 from "ajv/dist/2020";
import js from "../generated/json-schema.json";
import { makePage } from "./sample-data";
import { interleave, median } from "./stats";
const pages = Array.from({ length: 20 }, (_, i) => makePage(i * 100, 100, 100_000));
const mk = (o: any) => { const a = new Ajv2020({ strict: true, allowUnionTypes: true, ...o }); a.addSchema(js); return a.getSchema(js.$id + "#/$defs/SampleList")!; };
const c: any = { base: mk({ allErrors: true }), noUneval: mk({ allErrors: true, unevaluated: false }), first: mk({ allErrors: false, unevaluated: false }), noU: mk({allErrors:false, unevaluated:false, unicodeRegExp:false}) };
(async () => {
  const t = await interleave(9, Object.fromEntries(Object.entries(c).map(([k, v]: any) => [k, () => { for (let l = 0; l < 25; l++) for (const p of pages) v(p); }])));
  for (const [k, v] of Object.entries(t)) console.log(k, (500 / (median(v as number[]) / 1000)).toFixed(0));
})();
