/**
 * A readable API reference rendered on the server from the OpenAPI document, so it works offline
 * (no script from a CDN) and always matches the routes.
 */
type Json = Record<string, any>;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function schemaText(schema: Json | undefined, components: Json, depth = 0): string {
  if (!schema) return '';
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (schema.type === 'array') return `array of ${schemaText(schema.items, components, depth)}`;
  if (schema.enum) return `one of ${schema.enum.map((e: unknown) => `<code>${esc(e)}</code>`).join(', ')}`;
  if (schema.type === 'object' && schema.properties && depth < 2) {
    const req = new Set<string>(schema.required ?? []);
    return `<ul>${Object.entries(schema.properties as Json)
      .map(([k, v]) => `<li><code>${esc(k)}</code>${req.has(k) ? '' : ' <em>(optional)</em>'}: ${schemaText(v as Json, components, depth + 1)}${(v as Json).description ? ` — ${esc((v as Json).description)}` : ''}</li>`)
      .join('')}</ul>`;
  }
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type ?? (schema.anyOf ? 'any of several' : 'value');
  const fmt = schema.pattern ? ` matching <code>${esc(schema.pattern)}</code>` : '';
  return `${esc(t)}${fmt}`;
}

export function renderDocs(doc: Json): string {
  const components = doc.components?.schemas ?? {};
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    for (const [method, op] of Object.entries(ops) as [string, Json][]) {
      const tag = op.tags?.[0] ?? 'Other';
      const params = (op.parameters ?? []) as Json[];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {}) as [string, Json][];
      const html = `<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>/api${esc(path)}</code></h3>
        <p>${esc(op.summary)}${op.description ? `. ${esc(op.description)}` : ''}</p>
        ${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}): ${schemaText(p.schema, components)}${p.schema?.description ? ` — ${esc(p.schema.description)}` : ''}</li>`).join('')}</ul>` : ''}
        ${body ? `<h4>Body</h4>${schemaText(body, components)}` : ''}
        <h4>Responses</h4><ul>${responses.map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)} ${r.content?.['application/json'] ? schemaText(r.content['application/json'].schema, components) : ''}</li>`).join('')}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = Object.entries(components as Json)
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaText(s as Json, components)}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Concordat API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2733}
h1{color:#005eb8}h2{border-bottom:2px solid #005eb8;padding-bottom:.2em;margin-top:2em}.op{border:1px solid #d8dde0;border-radius:6px;padding:.3em 1em;margin:1em 0}
.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:.1em .4em}.get{background:#007f3b}.post{background:#005eb8}.delete{background:#d5281b}
code{background:#f0f4f5;padding:0 .2em;border-radius:3px}</style></head><body>
<h1>Concordat API</h1><p>${esc(doc.info?.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Sign in with <code>POST /api/session</code> and send
<code>Authorization: Bearer &lt;token&gt;</code>. Money is integer pence. Errors always have the shape
<code>{"error": {"kind", "message", "issues": [{"path", "message"}]}}</code>; an invalid request changes nothing.</p>
${[...byTag.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('')}`).join('')}
<h2>Schemas</h2>${schemas}</body></html>`;
}
