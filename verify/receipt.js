// receipt.js: the /receipt page's checker (verify/receiptpage.c serves it
// inline, under a CSP hash).  It checks a sogoc-receipt/v2 file entirely
// in the browser, as `sogoc check-receipt` does (docs/registry.md,
// "Receipts"): every member is proven from the signed checkpoint, the
// inclusion proofs and the signed record head, or the receipt is refused
// naming the check.  It makes no request: the keys are those embedded in
// the page (#keys) or a keys file the user opens.  Every text it shows
// goes through textContent.
'use strict';
(() => {
// A receipt is a few kB: a larger file is refused from its size, unread.
const MAX_FILE = 4 << 20;
const MAX_KEYS = 64 << 10;
const en = document.documentElement.lang === 'en';
const M = en ? {
	ok: 'Receipt checked', bad: 'This receipt is NOT valid',
	failed: 'Failed check', nocrypto: 'This browser cannot check ' +
	    'receipts: it has no Ed25519 in WebCrypto (or the page is not ' +
	    'opened from https:// or from disk). Use a recent Chromium, ' +
	    'Firefox or Safari, or sogoc check-receipt.',
	toolarge: 'The file is too large to be a receipt', notjson:
	    'The file is not a receipt (not JSON)',
	valid: 'Valid diploma', revoked: 'This diploma has been revoked',
	corrected: 'Valid diploma (corrected)', replaced: 'Replaced: this ' +
	    'diploma was reissued under a new serial number',
	proven: 'Proven', notproven: 'Not proven',
	asof: (n, o, t) => `as of tree size ${n} of the log ${o}, the ` +
	    `record's latest event being of ${t}`,
	later: 'Any change after that tree size (a later revocation or ' +
	    'correction) is not in the receipt: ask the department online ' +
	    '(the verification page, or sogoc check-receipt --online).',
	notchecked: 'Not checked here: a quorum of witnesses (the page ' +
	    'counts them; sogoc check-receipt --quorum requires one).',
	sig: (k) => `the department's signature on the checkpoint (key ${k})`,
	incl: 'the event is in the signed log (inclusion proof)',
	fields: (f) => `these fields, each against its salted digest: ${f}`,
	status: (s) => `the status: ${s}`,
	head: (n) => `the record's signed head: this event is its latest ` +
	    `of ${n}`,
	cosig: (k, n, w) => `cosigned by ${k} of the ${n} witnesses the ` +
	    `department lists${w ? ': ' + w : ''}`,
	nowitness: 'no witnesses are listed in the keys: cosignatures not ' +
	    'checked',
	keysfile: (n, w) => `keys: ${n} log key(s), ${w} witness(es)`,
	nokeys: 'No keys: open the department\'s keys file',
	history: 'History',
	S: { valid: 'valid', revoked: 'revoked', replaced: 'replaced by a ' +
	    'reissue' },
	K: { issue: 'Issued', correct: 'Corrected', revoke: 'Revoked',
	    reissue: 'Reissued', copy: 'Copy issued' },
	C: { signature: 'the department\'s signature', inclusion: 'the ' +
	    'proof in the log', field: 'a disclosed field', member: 'the ' +
	    'receipt\'s content', head: 'the record\'s signed head',
	    cosignature: 'a witness\'s cosignature', format: 'the file',
	    keys: 'the keys' },
	F: { full_name: 'Full name', date_of_birth: 'Date of birth',
	    serial_no: 'Serial number', classification: 'Classification',
	    register_no: 'Register entry', sex: 'Sex', school: 'School',
	    old_serial: 'Old serial number', new_serial: 'New serial number',
	    type: 'Diploma type',
	    year: 'Graduation year', authority: 'Issued by',
	    decision: 'Decision', decision_date: 'Decision date',
	    reason: 'Reason' },
} : {
	ok: 'Biên nhận đã được kiểm chứng', bad: 'Biên nhận KHÔNG hợp lệ',
	failed: 'Bước kiểm tra không đạt', nocrypto: 'Trình duyệt này không ' +
	    'kiểm tra được biên nhận: không có Ed25519 trong WebCrypto (hoặc ' +
	    'trang không được mở qua https:// hay từ máy). Hãy dùng ' +
	    'Chromium, Firefox hoặc Safari mới, hoặc sogoc check-receipt.',
	toolarge: 'Tệp quá lớn, không thể là biên nhận', notjson:
	    'Tệp không phải là biên nhận (không phải JSON)',
	valid: 'Văn bằng hợp lệ', revoked: 'Văn bằng đã bị thu hồi',
	corrected: 'Văn bằng hợp lệ (đã được chỉnh sửa)', replaced:
	    'Văn bằng đã được cấp lại: số hiệu này đã được thay bằng số ' +
	    'hiệu mới',
	proven: 'Đã chứng minh', notproven: 'Chưa chứng minh',
	asof: (n, o, t) => `tính đến kích thước cây ${n} của sổ ${o}; sự ` +
	    `kiện mới nhất của hồ sơ lúc ${t}`,
	later: 'Mọi thay đổi sau kích thước cây đó (thu hồi hay chỉnh sửa ' +
	    'về sau) không có trong biên nhận: hãy tra cứu trực tuyến (trang ' +
	    'tra cứu, hoặc sogoc check-receipt --online).',
	notchecked: 'Không kiểm tra ở đây: số bên chứng kiến tối thiểu ' +
	    '(trang chỉ đếm; sogoc check-receipt --quorum thì đòi hỏi).',
	sig: (k) => `chữ ký của Sở trên bản chốt sổ (khóa ${k})`,
	incl: 'sự kiện nằm trong sổ đã ký (bằng chứng bao hàm)',
	fields: (f) => `các trường sau, mỗi trường khớp mã băm có muối: ${f}`,
	status: (s) => `trạng thái: ${s}`,
	head: (n) => `đầu hồ sơ đã ký: sự kiện này là mới nhất trong ${n} ` +
	    'sự kiện',
	cosig: (k, n, w) => `được ${k} trong ${n} bên chứng kiến mà Sở ` +
	    `công bố ký xác nhận${w ? ': ' + w : ''}`,
	nowitness: 'khóa không liệt kê bên chứng kiến nào: chưa kiểm tra ' +
	    'chữ ký chứng kiến',
	keysfile: (n, w) => `khóa: ${n} khóa của sổ, ${w} bên chứng kiến`,
	nokeys: 'Chưa có khóa: hãy mở tệp khóa của Sở',
	history: 'Lịch sử',
	S: { valid: 'hợp lệ', revoked: 'đã bị thu hồi', replaced:
	    'đã được cấp lại' },
	K: { issue: 'Cấp văn bằng', correct: 'Chỉnh sửa', revoke: 'Thu hồi',
	    reissue: 'Cấp lại', copy: 'Cấp bản sao' },
	C: { signature: 'chữ ký của Sở', inclusion: 'bằng chứng trong sổ',
	    field: 'trường được công bố', member: 'nội dung biên nhận',
	    head: 'đầu hồ sơ đã ký', cosignature: 'chữ ký của bên chứng kiến',
	    format: 'tệp', keys: 'khóa' },
	F: { full_name: 'Họ và tên', date_of_birth: 'Ngày sinh',
	    serial_no: 'Số hiệu văn bằng', classification: 'Xếp loại',
	    register_no: 'Số vào sổ gốc', sex: 'Giới tính', school: 'Trường',
	    old_serial: 'Số hiệu cũ', new_serial: 'Số hiệu văn bằng mới',
	    type: 'Loại văn bằng',
	    year: 'Năm tốt nghiệp', authority: 'Cơ quan cấp',
	    decision: 'Quyết định', decision_date: 'Ngày quyết định',
	    reason: 'Lý do' },
};

// A refusal naming its check: signature, inclusion, field, member,
// head, cosignature, format.
class Refused extends Error {
	constructor(check, msg) {
		super(msg);
		this.check = check;
	}
}
const refuse = (check, msg) => { throw new Refused(check, msg); };

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });
const sha256 = async (b) => new Uint8Array(await crypto.subtle.digest(
    'SHA-256', b));
const cat = (...parts) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
};
const same = (a, b) => a.length === b.length && a.every((x, i) => x ===
    b[i]);
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function unb64(s, check, what) {
	if (typeof s !== 'string' || !B64.test(s))
		refuse(check, `${what} is not base64`);
	return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
const b64 = (b) => btoa(String.fromCharCode(...b));
const DEC = /^(0|[1-9][0-9]{0,15})$/;

// --- keys: note verifier keys (name+hex id+base64 of type and key) ---

async function parseVkey(text) {
	const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
	if (!m)
		return null;
	const raw = unb64(m[3], 'format', 'key');
	if (raw.length !== 33 || (raw[0] !== 1 && raw[0] !== 4))
		return null;
	const id = (await sha256(cat(enc.encode(m[1] + '\n'), raw)))
	    .slice(0, 4);
	if (Array.from(id, (x) => x.toString(16).padStart(2, '0')).join('') !==
	    m[2])
		return null;
	const key = await crypto.subtle.importKey('raw', raw.slice(1),
	    { name: 'Ed25519' }, false, ['verify']);
	return { name: m[1], id, type: raw[0], key, text };
}

// The keys text (/.well-known/sogoc/keys): "log VKEY" and "witness NAME
// VKEY" lines, # comments; a bare VKEY line is a log key.
async function parseKeys(text) {
	const keys = { log: [], witness: [] };
	for (const line of text.split('\n').map((l) => l.trim())) {
		if (line === '' || line.startsWith('#'))
			continue;
		const f = line.split(/\s+/);
		const vk = f.length === 1 ? f[0] : f[0] === 'log' &&
		    f.length === 2 ? f[1] : f[0] === 'witness' &&
		    f.length === 3 ? f[2] : null;
		const k = vk && await parseVkey(vk);
		if (!k || (f[0] === 'witness') !== (k.type === 4))
			refuse('format', `keys: not a key line: ${line}`);
		if (f[0] === 'witness')
			k.label = f[1];
		keys[k.type === 4 ? 'witness' : 'log'].push(k);
	}
	return keys;
}

// --- signed notes (c2sp.org/signed-note) and cosignatures ---

const verify = (k, sig, msg) => crypto.subtle.verify({ name: 'Ed25519' },
    k.key, sig, msg);

// Opens the note text with the log keys: its text, the key that signed,
// and its signature lines.  what names the check that fails.
async function openNote(note, logKeys, what) {
	if (typeof note !== 'string' || !note.endsWith('\n'))
		refuse(what, `${what} is not a signed note`);
	const cut = note.lastIndexOf('\n\n');
	if (cut < 0)
		refuse(what, `${what} is not a signed note`);
	const text = note.slice(0, cut + 1);
	const lines = note.slice(cut + 2, -1).split('\n');
	let by = null;
	for (const l of lines) {
		const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(l);
		if (!m)
			refuse(what, `${what}: a malformed signature line`);
		const sig = unb64(m[2], what, 'a signature');
		for (const k of logKeys) {
			if (k.name !== m[1] || !same(k.id, sig.slice(0, 4)))
				continue;
			if (sig.length !== 68 ||
			    !await verify(k, sig.slice(4), enc.encode(text)))
				refuse(what, `${what}: the signature of ` +
				    `${k.name} does not verify`);
			by = k;
		}
	}
	if (!by)
		refuse(what, `${what} is not signed by the department's key`);
	return { text, by, lines };
}

// The checkpoint: origin, tree size and root, and the cosignatures of the
// listed witnesses (each must verify).
async function openCheckpoint(note, keys) {
	const n = await openNote(note, keys.log, 'signature');
	const l = n.text.split('\n');
	// Extension lines, if any, are not empty (checkpoint_parse()).
	if (l.length < 4 || l.slice(0, -1).includes('') || !DEC.test(l[1]) ||
	    l[0] === 'sogoc/record-head/v1' || l[0] === 'sogoc/issue-heads/v1')
		refuse('signature', 'checkpoint: malformed body');
	const root = unb64(l[2], 'signature', 'checkpoint root');
	if (root.length !== 32)
		refuse('signature', 'checkpoint: malformed root');
	const cosigned = new Set();
	for (const line of n.lines) {
		const [, name, s] = /^\u2014 (\S+) (\S+)$/.exec(line);
		const sig = unb64(s, 'cosignature', 'a cosignature');
		for (const w of keys.witness) {
			if (w.name !== name || !same(w.id, sig.slice(0, 4)))
				continue;
			const ts = sig.slice(4, 12).reduce((a, x) => a * 256n +
			    BigInt(x), 0n);
			const msg = enc.encode(
			    `cosignature/v1\ntime ${ts}\n${n.text}`);
			if (sig.length !== 76 || ts === 0n ||
			    !await verify(w, sig.slice(12), msg))
				refuse('cosignature', 'checkpoint: the ' +
				    `cosignature of ${w.label} does not ` +
				    'verify');
			cosigned.add(w.label);
		}
	}
	return { origin: l[0], size: BigInt(l[1]), root, text: n.text,
	    by: n.by, cosigned: [...cosigned] };
}

// --- RFC 9162 2.1.3.2: inclusion proof ---

const node = (l, r) => sha256(cat(Uint8Array.of(1), l, r));
async function included(leafHash, index, size, proof, root) {
	if (index >= size)
		return false;
	let fn = index, sn = size - 1n, r = leafHash;
	for (const p of proof) {
		if (sn === 0n)
			return false;
		if ((fn & 1n) === 1n || fn === sn) {
			r = await node(p, r);
			while ((fn & 1n) === 0n && fn !== 0n) {
				fn >>= 1n;
				sn >>= 1n;
			}
		} else
			r = await node(r, p);
		fn >>= 1n;
		sn >>= 1n;
	}
	return sn === 0n && same(r, root);
}

// --- the receipt's members ---

const LEDGER = ['full_name', 'date_of_birth', 'place_of_birth', 'sex',
	'ethnicity', 'school', 'classification', 'serial_no', 'register_no',
	'notes'];
const EVENT = ['kind', 'decision', 'decision_date', 'reason', 'copy_no',
	'signer', 'signer_title'];
const isObj = (o) => o !== null && typeof o === 'object' &&
    !Array.isArray(o);
function obj(r, key, where) {
	if (!isObj(r[key]))
		refuse('member', `${where}${key} is missing or not an object`);
	return r[key];
}
function allowOnly(m, where, keys) {
	for (const k of Object.keys(m))
		if (!keys.includes(k))
			refuse('member', `${where}${k} is not a member a ` +
			    'receipt may have');
}
// The value of the leaf line "key value", or undefined.
function line(lines, key) {
	const l = lines.find((x) => x.startsWith(key + ' '));
	return l === undefined ? undefined : l.slice(key.length + 1);
}
// Each of keys is in m if and only if the leaf has that line, the same.
function sameLines(m, where, lines, keys) {
	for (const k of keys)
		if (m[k] !== line(lines, k))
			refuse('member',
			    `${where}${k} is not the signed leaf's`);
}
function index(m, where) {
	const i = m.index;
	if (!Number.isSafeInteger(i) || i < 0)
		refuse('member',
		    `${where}index is missing or not a leaf index`);
	return BigInt(i);
}

// Proves m's index, leaf and proof in the checkpoint: its leaf lines (the
// header left out) and leaf hash.
async function provenLeaf(m, where, cp) {
	const i = index(m, where);
	if (typeof m.leaf !== 'string' || m.leaf.length > 64 << 10 ||
	    !Array.isArray(m.proof) || m.proof.length > 64)
		refuse('member', `${where}leaf or proof is missing`);
	const leaf = unb64(m.leaf, 'member', `${where}leaf`);
	const proof = m.proof.map((h, k) => {
		const b = unb64(h, 'inclusion', `${where}proof hash ${k}`);
		if (b.length !== 32)
			refuse('inclusion',
			    `${where}proof hash ${k} is malformed`);
		return b;
	});
	const hash = await sha256(cat(Uint8Array.of(0), leaf));
	if (!await included(hash, i, cp.size, proof, cp.root))
		refuse('inclusion', `${where}leaf is not in the signed log ` +
		    `at index ${i}`);
	let text;
	try {
		text = utf8.decode(leaf);
	} catch (e) {
		refuse('member', `${where}leaf is not a sogoc event`);
	}
	if (!/^sogoc\/event\/v[12]\n/.test(text) || !text.endsWith('\n'))
		refuse('member', `${where}leaf is not a sogoc event`);
	return { index: i, lines: text.slice(0, -1).split('\n').slice(1),
	    hash, proof };
}

// A disclosure {salt, value} of key against the leaf lines: its value.
async function disclosed(d, where, key, lines) {
	if (!LEDGER.includes(key))
		refuse('member', `${where}${key} is not a field of a diploma`);
	if (!isObj(d) || Object.keys(d).length !== 2 ||
	    typeof d.value !== 'string')
		refuse('member', `${where}${key} is malformed (exactly a ` +
		    'salt and a value)');
	// digest_of()'s EVENT_VALUE_MAX, in UTF-8 bytes.
	if (enc.encode(d.value).length > 1024)
		refuse('member', `${where}${key} is longer than any stored ` +
		    'value');
	const salt = unb64(d.salt, 'member', `${where}${key}.salt`);
	if (salt.length !== 16)
		refuse('member', `${where}${key}.salt is not 16 bytes`);
	const dg = await sha256(cat(salt, enc.encode(key), Uint8Array.of(0),
	    enc.encode(d.value)));
	if (line(lines, 'field ' + key) !== b64(dg))
		refuse('field', `${where}${key} does not match the signed ` +
		    'record: its digest is not the leaf\'s');
	return d.value;
}

function tlogProof(r, i, proof) {
	if (r.tlog_proof === undefined)
		return;
	const t = `c2sp.org/tlog-proof@v1\nindex ${i}\n` +
	    proof.map(b64).join('\n') + (proof.length ? '\n' : '') + '\n' +
	    r.checkpoint;
	if (r.tlog_proof !== t)
		refuse('member', 'tlog_proof is not the proof\'s C2SP text');
}

// The record head (docs/registry.md, "Record heads").
async function checkHead(r, keys, cp, record, last, lastLeaf, events) {
	if (typeof r.head !== 'string')
		refuse('head', 'head is missing: nothing proves that the ' +
		    'event is the record\'s latest');
	const n = await openNote(r.head, keys.log, 'head');
	const l = n.text.split('\n');
	let size, first, lastRec, idx, cnt, leaf = null;
	const num = (s) => {
		if (!DEC.test(s))
			refuse('head', 'head is malformed');
		return BigInt(s);
	};
	if (l.length === 8 && l[7] === '' && l[0] === 'sogoc/record-head/v1') {
		[size, first, idx, cnt] = [l[2], l[3], l[4], l[6]].map(num);
		lastRec = first;
		leaf = unb64(l[5], 'head', 'head leaf hash');
	} else if (l.length === 7 && l[6] === '' &&
	    l[0] === 'sogoc/issue-heads/v1') {
		[size, first, lastRec, idx] = [l[2], l[3], l[4], l[5]].map(num);
		cnt = 1n;
		idx += record - first;
	} else
		refuse('head', 'head is not a record head');
	if (l[1] !== cp.origin)
		refuse('head', 'head is signed for another log');
	if (size !== cp.size)
		refuse('head', `head is of tree size ${size}, not the ` +
		    `checkpoint's ${cp.size}`);
	if (record < first || record > lastRec)
		refuse('head', 'head is another record\'s');
	if (idx !== last || (leaf && !same(leaf, lastLeaf)))
		refuse('head', `head names event ${idx} as the latest, not ` +
		    `${last}`);
	if (cnt !== BigInt(events))
		refuse('head',
		    `head counts ${cnt} events, history has ${events}`);
}

// The history: each entry proven, of the record, in order; the entry at
// the receipt's index has no leaf of its own.
async function history(r, main, cp, record, rep, dis) {
	if (!Array.isArray(r.history) || r.history.length === 0 ||
	    r.history.length > 1000)
		refuse('member', 'history is missing or empty');
	let last = -1n, seenRep = false, seenMain = false, lastLeaf = null;
	for (const [k, e] of r.history.entries()) {
		const where = `history[${k}].`;
		if (!isObj(e))
			refuse('member', `${where} is not an object`);
		const own = e.index === Number(main.index) &&
		    !('leaf' in e) && !('proof' in e);
		const p = own ? main : await provenLeaf(e, where, cp);
		lastLeaf = p.hash;
		if (line(p.lines, 'record') !== String(record))
			refuse('member',
			    `${where} is an event of another record`);
		if (p.index <= last)
			refuse('member', `${where} is not after the entry ` +
			    'before it');
		last = p.index;
		allowOnly(e, where, ['index', 'leaf', 'proof', 'time',
		    ...EVENT]);
		sameLines(e, where, p.lines, ['time', ...EVENT]);
		seenMain = seenMain || p.index === main.index;
		if (rep && p.index === rep.index) {
			const old = await disclosed(rep.serial_no, 'replaced.',
			    'serial_no', p.lines);
			if (old === dis.serial_no?.value)
				refuse('member', 'replaced.serial_no is ' +
				    'the new serial');
			seenRep = true;
		}
	}
	if (!seenMain || (rep && !seenRep) || (!rep && last !== main.index))
		refuse('member', 'history does not end with the proven event');
	return { last, lastLeaf };
}

function replaced(r, main) {
	if (!('replaced' in r))
		return null;
	const rep = obj(r, 'replaced', '');
	allowOnly(rep, 'replaced.', ['index', 'serial_no']);
	const i = index(rep, 'replaced.');
	const ch = (line(main.lines, 'changed') ?? '').split(' ');
	if (i >= main.index)
		refuse('member', 'replaced.index is not an event before the ' +
		    'reissue');
	if (!main.lines.includes('kind reissue') || !ch.includes('serial_no'))
		refuse('member', 'replaced: the proven event is not a ' +
		    'reissue of the serial');
	return { index: i, serial_no: rep.serial_no };
}

// Checks receipt r (parsed JSON) with keys: what was proven, or throws
// Refused.
async function check(r, keys) {
	if (!isObj(r))
		refuse('format', 'not a receipt');
	allowOnly(r, '', ['receipt', 'index', 'leaf', 'proof', 'checkpoint',
	    'tlog_proof', 'record', 'kind', 'status', 'disclosed', 'diploma',
	    'event', 'history', 'replaced', 'head']);
	if (r.receipt !== 'sogoc-receipt/v2')
		refuse('format', 'receipt is not sogoc-receipt/v2');
	const cp = await openCheckpoint(r.checkpoint, keys);
	const main = await provenLeaf(r, '', cp);
	tlogProof(r, main.index, main.proof);
	if (!Number.isSafeInteger(r.record) ||
	    line(main.lines, 'record') !== String(r.record))
		refuse('member', 'record is not the signed leaf\'s');
	const record = BigInt(r.record);
	if (!main.lines.includes('kind ' + r.kind))
		refuse('member', 'kind is not the signed leaf\'s');
	const rep = replaced(r, main);
	if (rep && !isObj(r.disclosed?.serial_no))
		refuse('member', 'replaced: disclosed.serial_no, the new ' +
		    'serial, is missing');
	if (typeof r.status !== 'string' || (rep ? r.status !== 'replaced' :
	    !main.lines.includes('status ' + r.status)))
		refuse('member', 'status is not the signed leaf\'s');
	const dis = obj(r, 'disclosed', '');
	if (Object.keys(dis).length === 0)
		refuse('member', 'disclosed is missing: nothing is disclosed');
	const fields = {};
	for (const k of Object.keys(dis))
		fields[k] = await disclosed(dis[k], 'disclosed.', k,
		    main.lines);
	const dip = obj(r, 'diploma', '');
	allowOnly(dip, 'diploma.', ['authority', 'type', 'year']);
	sameLines(dip, 'diploma.', main.lines, ['authority', 'type', 'year']);
	const ev = obj(r, 'event', '');
	allowOnly(ev, 'event.', EVENT);
	sameLines(ev, 'event.', main.lines, EVENT);
	const h = await history(r, main, cp, record, rep, dis);
	await checkHead(r, keys, cp, record, h.last, h.lastLeaf,
	    r.history.length);
	return { cp, fields, dip, ev, status: r.status, rep: rep ?
	    r.replaced.serial_no.value : null, events: r.history,
	    time: line(main.lines, 'time'), kind: r.kind,
	    corrected: r.history.some((e) => e.kind === 'correct') };
}

// --- the page ---

const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
	const e = document.createElement(tag);
	if (text !== undefined)
		e.textContent = text;
	if (cls)
		e.className = cls;
	return e;
};
let keys = null, keysNote = '';
// Each check's number: only the latest one shown, when two overlap.
let latest = 0;

function show(kids, cls, check) {
	const out = $('result');
	out.replaceChildren(...kids);
	out.className = 'result ' + cls;
	out.hidden = false;
	if (check)
		out.dataset.check = check;
	else
		delete out.dataset.check;
}

// 1980-05-12 (or its time after) -> 12/5/1980, as the page at / writes
// dates; anything else as it is.
function dmy(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s ?? '');
	return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : s;
}

function shown(p) {
	const title = p.status === 'revoked' ? M.revoked : p.status ===
	    'replaced' ? M.replaced : p.corrected ? M.corrected : M.valid;
	const dl = el('dl');
	const row = (label, v) => {
		if (v === undefined || v === null)
			return;
		dl.append(el('dt', label), el('dd', String(v)));
	};
	for (const k of Object.keys(p.fields))
		row(M.F[p.rep && k === 'serial_no' ? 'new_serial' : k] ?? k,
		    k === 'date_of_birth' ? dmy(p.fields[k]) : p.fields[k]);
	row(M.F.old_serial, p.rep);
	for (const k of ['type', 'year', 'authority'])
		row(M.F[k], p.dip[k]);
	if (p.kind !== 'issue')
		for (const k of ['decision', 'decision_date', 'reason'])
			row(M.F[k], k === 'decision_date' ? dmy(p.ev[k]) :
			    p.ev[k]);
	const ol = el('ol');
	for (const e of p.events)
		ol.append(el('li', [M.K[e.kind] ?? e.kind, dmy(e.time),
		    e.decision ?? e.copy_no].filter((x) => x).join(' — ')));
	const ul = el('ul');
	const li = (t) => ul.append(el('li', t));
	li(M.sig(p.cp.by.name));
	li(M.incl);
	li(M.fields(Object.keys(p.fields).map((k) => M.F[k] ?? k)
	    .join(', ')));
	li(M.status(M.S[p.status]));
	li(M.head(p.events.length));
	li(keys.witness.length ? M.cosig(p.cosigned.length,
	    keys.witness.length, p.cosigned.join(', ')) : M.nowitness);
	const asof = el('p', M.asof(String(p.cp.size), p.cp.origin, p.time));
	asof.id = 'asof';
	const un = el('ul');
	un.append(el('li', M.later), el('li', M.notchecked));
	show([el('h2', `${M.ok}: ${title}`), dl, el('h3', M.history), ol,
	    el('h3', M.proven), ul, asof, el('h3', M.notproven), un],
	    p.status, null);
}

// The first name that two members of one object share, or null: JSON.parse
// keeps the last of them, where the C checker (jansson's
// JSON_REJECT_DUPLICATES) refuses the file, and so does this.  text is
// JSON that parsed.
function duplicate(text) {
	const open = [];	// a Set of names per object, null per array
	let key = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			let j = i + 1;
			while (text[j] !== '"')
				j += text[j] === '\\' ? 2 : 1;
			if (key) {
				const name = JSON.parse(text.slice(i, j + 1));
				if (open[open.length - 1].has(name))
					return name;
				open[open.length - 1].add(name);
				key = false;
			}
			i = j;
		} else if (c === '{' || c === '[') {
			open.push(c === '{' ? new Set() : null);
			key = c === '{';
		} else if (c === '}' || c === ']') {
			open.pop();
			key = false;
		} else if (c === ',')
			key = open[open.length - 1] !== null;
	}
	return null;
}

async function checkText(text) {
	const mine = ++latest;
	const say = (...a) => mine === latest && show(...a);
	if (!keys)
		return say([el('h2', M.bad), el('p', M.nokeys)], 'revoked',
		    'keys');
	let r;
	try {
		// jansson refuses a NUL in a string (no JSON_ALLOW_NUL).
		r = JSON.parse(text, (k, v) => {
			if (k.includes('\0') || (typeof v === 'string' &&
			    v.includes('\0')))
				throw new Error('NUL');
			return v;
		});
	} catch (e) {
		return say([el('h2', M.bad), el('p', M.notjson)], 'revoked',
		    'format');
	}
	try {
		const twice = duplicate(text);
		if (twice !== null)
			refuse('format', `the member "${twice}" appears twice ` +
			    'in one object');
		const p = await check(r, keys);
		p.cosigned = p.cp.cosigned;
		if (mine === latest)
			shown(p);
	} catch (e) {
		if (!(e instanceof Refused))
			e = new Refused('format',
			    `not a receipt: ${e.message}`);
		say([el('h2', M.bad), el('p', `${M.failed}: ${M.C[e.check]} ` +
		    `(${e.check})`), el('p', e.message)], 'revoked', e.check);
	}
}

// A file chosen or dropped: its size first, so that a huge one is never
// read.
async function checkFile(f) {
	if (f.size > MAX_FILE && ++latest)
		return show([el('h2', M.bad), el('p', `${M.toolarge} ` +
		    `(${f.size} > ${MAX_FILE})`)], 'revoked', 'format');
	return checkText(await f.text());
}

async function useKeys(text, where) {
	try {
		keys = await parseKeys(text);
		if (keys.log.length === 0)
			throw new Refused('keys', M.nokeys);
		keysNote = M.keysfile(keys.log.length, keys.witness.length);
	} catch (e) {
		keys = null;
		keysNote = e.message;
	}
	$('keyinfo').textContent = `${keysNote} (${where})`;
}

async function start() {
	try {
		// RFC 8032's first test key: any valid public key will do.
		await crypto.subtle.importKey('raw', unb64(
		    '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=', 'crypto',
		    'key'),
		    { name: 'Ed25519' }, false, ['verify']);
	} catch (e) {
		$('checker').hidden = true;
		return show([el('h2', M.bad), el('p', M.nocrypto)], 'revoked',
		    'crypto');
	}
	await useKeys($('keys').textContent, 'page');
	$('file').addEventListener('change', () => {
		if ($('file').files.length)
			checkFile($('file').files[0]);
	});
	$('keyfile').addEventListener('change', async () => {
		const f = $('keyfile').files[0];
		if (f && f.size > MAX_KEYS)
			$('keyinfo').textContent = `${M.toolarge} (${f.name})`;
		else if (f)
			await useKeys(await f.text(), f.name);
	});
	$('check').addEventListener('click', () => {
		const t = $('paste').value;
		if (t.length > MAX_FILE && ++latest)
			return show([el('h2', M.bad), el('p', M.toolarge)],
			    'revoked', 'format');
		checkText(t);
	});
	const drop = $('checker');
	drop.addEventListener('dragover', (e) => e.preventDefault());
	drop.addEventListener('drop', (e) => {
		e.preventDefault();
		if (e.dataTransfer.files.length)
			checkFile(e.dataTransfer.files[0]);
	});
	document.body.dataset.ready = '1';
}
start();
})();
