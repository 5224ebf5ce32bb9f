/** Server-rendered login + consent page. No JavaScript; every value is HTML-escaped. */
const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Text chosen by the client (its name, its scopes) with control and bidirectional formatting
 * characters shown as U+FFFD: a right-to-left override could otherwise make "Evil" read as
 * another name, and a control character has no business on the page.
 */
export const neutralise = (s: string): string => s.replace(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '\uFFFD');

export interface ConsentView {
  readonly serverName: string;
  readonly clientName: string | null;
  readonly clientId: string;
  /** The host of a client_id that is a metadata document URL (./client-metadata.ts): the one identity that is verified. */
  readonly clientHost?: string | null;
  readonly redirectHost: string;
  readonly scopes: readonly string[];
  /** The original /authorize query string, posted back unchanged. */
  readonly request: string;
  readonly csrf: string;
  /** Already signed in (session cookie) → no password field. */
  readonly signedIn: boolean;
  /** Who is signed in, when it is not the owner (a delegated login's e-mail or name). */
  readonly signedInAs?: string;
  readonly error?: string;
}

export function renderConsent(v: ConsentView): string {
  const name = v.clientName ? esc(neutralise(v.clientName)) : '<em>unnamed client</em>';
  const scopes = v.scopes.length
    ? `<ul>${v.scopes.map((s) => `<li><code>${esc(neutralise(s))}</code></li>`).join('')}</ul>`
    : '<p>No specific scopes requested: the client gets access to all tools of this server.</p>';
  const password = v.signedIn
    ? `<p class="muted">Signed in as ${v.signedInAs ? esc(neutralise(v.signedInAs)) : 'the owner'}.</p>`
    : `<label for="password">Owner password</label>
       <input id="password" name="password" type="password" autocomplete="current-password" autofocus>`;
  // A client_id that is a metadata document URL is proven by its host; a name is only claimed.
  const who = v.clientHost
    ? `<p>An app from <strong class="client-host">${esc(v.clientHost)}</strong> wants to use the tools of this MCP server on your behalf. It calls itself <strong>${name}</strong>.</p>`
    : `<p><strong>${name}</strong> wants to use the tools of this MCP server on your behalf.</p>`;
  const whoNote = v.clientHost
    ? "The host serves the app's metadata document; the name is chosen by the app and is not verified."
    : 'The name is chosen by the client itself and is not verified.';
  return page(
    `Connect to ${esc(v.serverName)}`,
    `<h1>Allow access to ${esc(v.serverName)}?</h1>
     ${v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : ''}
     ${who}
     <p class="muted">${whoNote} After approval
       you will be sent back to <strong>${esc(v.redirectHost)}</strong>.
       Client id: <code>${esc(v.clientId)}</code></p>
     <h2>Requested scopes</h2>
     ${scopes}
     <form method="post" action="/consent">
       <input type="hidden" name="request" value="${esc(v.request)}">
       <input type="hidden" name="csrf" value="${esc(v.csrf)}">
       ${password}
       <div class="actions">
         <button type="submit" name="decision" value="approve">Approve</button>
         <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
       </div>
     </form>`,
  );
}

export function renderError(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1rem;margin-top:1.5rem}.muted{color:#666;font-size:.9rem}
.error{background:#fee;border:1px solid #e99;padding:.5rem .75rem;border-radius:4px}
label{display:block;margin-top:1rem}input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}button{padding:.5rem 1.25rem;font-size:1rem;cursor:pointer}
.secondary{background:none;border:1px solid #999}code{word-break:break-all}
</style></head><body>${body}</body></html>`;
}
