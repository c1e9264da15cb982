// A real OpenID Connect provider (npm package oidc-provider) for the sign-on tests.
// Usage: node provider.mjs CONFIG.json — the config names the port, the one client and the identities:
//   {"port": 9000, "client": {"client_id": "...", "client_secret": "...", "redirect_uri": "http://…/oauth2callback"},
//    "identities": {"anna": {"email": "anna@stockholm.se", "email_verified": true, "name": "Anna"}}}
// Log in at the provider's own development form with an identity's name and any password; the identity's
// name is its subject. Consent is granted at once (a first-party app). Prints "ready" when it listens.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const identities = config.identities;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client.client_id,
    client_secret: config.client.client_secret,
    redirect_uris: [config.client.redirect_uri],
    post_logout_redirect_uris: [config.client.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,   // the scope's claims in the ID token: Streamlit reads st.user from it
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true, logoutSource } },
  async findAccount(ctx, sub) {
    const found = identities[sub];
    if (!found) return undefined;
    return { accountId: sub, async claims() { return { sub, ...found }; } };
  },
  async loadExistingGrant(ctx) {   // a first-party client: consent without asking
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['test-only-cookie-key'] },
  pkce: { required: () => false },
});
provider.proxy = false;

async function logoutSource(ctx, form) {   // no fonts from the internet: the tests run without it
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Logga ut</title></head><body>
    <h1>Logga ut från testleverantören?</h1>${form}
    <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
    </body></html>`;
}

provider.listen(config.port, '127.0.0.1', () => { console.log('ready'); });
