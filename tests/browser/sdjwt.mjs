// sdjwt.mjs: sogoc's SD-JWT VCs checked by implementations we did not
// write, @sd-jwt/sd-jwt-vc and @sd-jwt/jwt-status-list (node, no browser),
// for tests/sdjwt_interop.sh.
//
// node sdjwt.mjs CONFIG RESULTS: CONFIG is JSON {base, phase, a, b,
// expect}: the issuer's URL (a running `sogoc serve`), "valid" or
// "revoked" (after `sogoc revoke` of a's record), the files of two
// credentials of two records, and the claims a's record must give.  Every check writes "ok|fail<TAB>id<TAB>detail" to RESULTS.
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';

const [cfgPath, resultsPath] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
writeFileSync(resultsPath, '');

function point(id, pass, detail) {
	const line = String(detail ?? '').replace(/[\t\n]/g, ' ');
	appendFileSync(resultsPath, `${pass ? 'ok' : 'fail'}\t${id}\t${line}\n`);
}

// The claims a verifier asking for a diploma requires.
const ASKED = ['full_name', 'date_of_birth', 'serial_no'];
const ALL = ['full_name', 'date_of_birth', 'place_of_birth', 'sex',
	'ethnicity', 'school', 'classification', 'serial_no', 'register_no',
	'issuing_authority', 'diploma_type', 'graduation_year'];

// The issuer's keys, from its JWT VC Issuer Metadata.
async function issuerKeys() {
	const r = await fetch(`${cfg.base}/.well-known/jwt-vc-issuer`);
	const meta = await r.json();
	point('metadata', r.ok && meta.issuer === cfg.base &&
	    Array.isArray(meta.jwks?.keys) && meta.jwks.keys.length === 1 &&
	    r.headers.get('content-type').startsWith('application/json'),
	    `issuer ${meta.issuer}, ${meta.jwks?.keys?.length} key(s)`);
	return meta.jwks.keys;
}

function instance(keys) {
	const verifier = async (data, sig) => {
		const [h] = data.split('.');
		const hdr = JSON.parse(Buffer.from(h, 'base64url'));
		const jwk = keys.find((k) => k.kid === hdr.kid);
		if (!jwk || hdr.alg !== 'EdDSA')
			return false;
		const key = createPublicKey({ key: jwk, format: 'jwk' });
		return edVerify(null, Buffer.from(data), key,
		    Buffer.from(sig, 'base64url'));
	};
	return new SDJwtVcInstance({
		verifier,
		hasher: (data, alg) => {
			if (alg !== 'sha-256')
				throw new Error(`hash ${alg}`);
			return new Uint8Array(createHash('sha256').update(data)
			    .digest());
		},
		hashAlg: 'sha-256',
		loadTypeMetadataFormat: true,
	});
}

// Runs f; the check passes when it throws and the message matches re.
async function rejects(id, f, re) {
	try {
		const r = await f();
		point(id, false, `accepted: ${JSON.stringify(r.payload)}`);
	} catch (e) {
		point(id, re.test(e.message), e.message);
	}
}

// cred with the disclosure of claim name replaced by repl(disclosure).
function swapDisclosure(cred, name, repl) {
	const parts = cred.split('~');
	const i = parts.findIndex((p, j) => j > 0 && p !== '' &&
	    JSON.parse(Buffer.from(p, 'base64url'))[1] === name);
	parts[i] = repl(parts[i]);
	return parts.join('~');
}

async function valid(vc, a, b) {
	const r = await vc.verify(a);
	const p = r.payload;
	point('verify', p.iss === cfg.base && r.header.typ === 'dc+sd-jwt' &&
	    r.header.alg === 'EdDSA', `iss ${p.iss}, typ ${r.header.typ}`);
	const tm = r.typeMetadata?.mergedTypeMetadata;
	point('vct', p.vct === `${cfg.base}/credentials/vn-diploma/v1` &&
	    tm?.vct === p.vct && tm.claims.some((c) => c.path[0] ===
	    'ethnicity' && c.sd === 'always'), `vct ${p.vct}, type ` +
	    `metadata ${tm?.vct}, ${tm?.claims?.length} claims`);
	// Every field the registry holds, with its value, and no other.
	const want = Object.keys(cfg.expect);
	const wrong = ALL.filter((k) => p[k] !== cfg.expect[k]);
	point('claims', want.length >= 10 && wrong.length === 0,
	    `${want.length} claims; wrong or missing: ${wrong}`);
	point('status-valid', p.status?.status_list?.uri ===
	    `${cfg.base}/credentials/status`, `idx ${p.status?.status_list?.idx}`);

	// A presentation of three claims reveals those and nothing else.
	const frame = Object.fromEntries(ASKED.map((k) => [k, true]));
	const pres = await vc.present(a, frame);
	const rp = (await vc.verify(pres, { requiredClaimKeys: ASKED }))
	    .payload;
	const shown = Object.keys(rp).filter((k) => ALL.includes(k));
	point('present', shown.length === 3 && ASKED.every((k) =>
	    rp[k] === p[k]) && pres.split('~').filter((d) => d).length === 4,
	    `shown: ${shown}`);

	// An altered disclosure: its digest is in no _sd, so the claim
	// is not there and a verifier that asks for it refuses.
	const altered = swapDisclosure(pres, 'full_name', (d) => {
		const v = JSON.parse(Buffer.from(d, 'base64url'));
		v[2] = 'Nguyễn Văn Giả';
		return Buffer.from(JSON.stringify(v)).toString('base64url');
	});
	await rejects('altered', () => vc.verify(altered,
	    { requiredClaimKeys: ASKED }), /Missing required claim keys/);
	// The same without requiredClaimKeys never shows the forged name.
	const loose = (await vc.verify(altered)).payload;
	point('altered-hidden', loose.full_name === undefined,
	    `full_name ${loose.full_name}`);

	// Another credential's disclosure of the same claim.
	const bname = b.split('~').find((d, j) => j > 0 && d !== '' &&
	    JSON.parse(Buffer.from(d, 'base64url'))[1] === 'full_name');
	const foreign = swapDisclosure(pres, 'full_name', () => bname);
	await rejects('foreign', () => vc.verify(foreign,
	    { requiredClaimKeys: ASKED }), /Missing required claim keys/);

	// A changed payload byte breaks the issuer's signature.
	const [jwt, ...rest] = a.split('~');
	const [h, pl, s] = jwt.split('.');
	const claims = JSON.parse(Buffer.from(pl, 'base64url'));
	claims.iat -= 1;
	const forged = [h, Buffer.from(JSON.stringify(claims))
	    .toString('base64url'), s].join('.');
	await rejects('signature', () => vc.verify([forged, ...rest]
	    .join('~')), /Invalid JWT Signature/);
}

async function statusToken() {
	const r = await fetch(`${cfg.base}/credentials/status`);
	const tok = await r.text();
	const list = getListFromStatusListJWT(tok);
	const hdr = JSON.parse(Buffer.from(tok.split('.')[0], 'base64url'));
	point('status-token', r.headers.get('content-type') ===
	    'application/statuslist+jwt' && hdr.typ === 'statuslist+jwt' &&
	    /max-age=\d+/.test(r.headers.get('cache-control')),
	    `${r.headers.get('content-type')}, ${hdr.typ}, ` +
	    `${r.headers.get('cache-control')}`);
	return list;
}

async function main() {
	const keys = await issuerKeys();
	const vc = instance(keys);
	const a = readFileSync(cfg.a, 'utf8').trim();
	const b = readFileSync(cfg.b, 'utf8').trim();
	const list = await statusToken();
	const idx = (c) => JSON.parse(Buffer.from(c.split('.')[1],
	    'base64url')).status.status_list.idx;
	if (cfg.phase === 'valid') {
		point('list-valid', list.getStatus(idx(a)) === 0 &&
		    list.getStatus(idx(b)) === 0, `a ${idx(a)}, b ${idx(b)}`);
		await valid(vc, a, b);
		// Two days on, the status list token (valid a day) has
		// expired: the verifier must refuse the credential, and for
		// that reason, not another.
		await rejects('status-expired', () => vc.verify(b,
		    { currentDate: Math.floor(Date.now() / 1000) + 2 * 86400 }),
		    /Status List JWT verification failed.*expired/);
		return;
	}
	point('list-revoked', list.getStatus(idx(a)) === 1 &&
	    list.getStatus(idx(b)) === 0, `a ${list.getStatus(idx(a))}, ` +
	    `b ${list.getStatus(idx(b))}`);
	await rejects('revoked', () => vc.verify(a), /Status is not valid/);
	const rb = await vc.verify(b);
	point('other-valid', rb.payload.full_name !== undefined, 'b verifies');
}

main().catch((e) => {
	point('run', false, e.stack);
	process.exitCode = 1;
});
