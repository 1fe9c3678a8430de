// Gemini's `parameters` accept only an OpenAPI 3.0 subset and answer 400 "Unknown name" for the
// rest ($schema, additionalProperties, const, …; PROTOCOLS 6.2). An allow-list is safer than
// chasing every rejected keyword; `const` becomes a one-value enum and ["x","null"] a nullable x.
import { isObj, type Obj as Json } from '../json-object.js';

const allowed = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

const formats: Record<string, ReadonlySet<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
};

export function cleanGeminiSchema(schema: unknown): Json {
  if (!isObj(schema)) return {};
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'const') {
      if (schema.enum === undefined) out.enum = [value];
      continue;
    }
    if (!allowed.has(key)) continue;
    if (key === 'properties' && isObj(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanGeminiSchema(v)]));
    } else if (key === 'items') {
      out.items = cleanGeminiSchema(Array.isArray(value) ? value[0] : value);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      out.anyOf = value.map(cleanGeminiSchema);
    } else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      if (types.length > 0) out.type = types[0];
      if (types.length !== value.length) out.nullable = true;
    } else {
      out[key] = value;
    }
  }
  if (typeof out.format === 'string' && !formats[String(out.type)]?.has(out.format)) delete out.format;
  if (out.enum !== undefined && out.type === undefined) out.type = 'string';
  if (Array.isArray(out.enum)) out.enum = out.enum.map(String);
  if (Array.isArray(out.required) && isObj(out.properties)) {
    const props = out.properties;
    out.required = out.required.filter((r) => typeof r === 'string' && r in props);
  }
  return out;
}
