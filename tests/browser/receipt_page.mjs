// receipt_page.mjs: the receipt page at /receipt of a running `sogoc
// serve`, in a real (headless) Chromium through playwright-core: genuine
// receipts and forgeries opened as files (and one pasted), the page in
// English, the page saved to disk and opened from file:// offline, and a
// browser without Ed25519.  Run by tests/receipt_browser.sh, which makes
// the registry, the receipts and the saved page.
//
//   node receipt_page.mjs CONFIG.json RESULTS
//
// CONFIG.json: { "base": URL, "artefacts": DIR, "tmp": DIR holding
//   valid.json, revoked.json, corrected.json, replaced.json (asked with
//   the old serial, "oldserial") and huge.json, "mutations": a folder of
//   changed receipts N.json and "list", lines "N<TAB>check-receipt's
//   exit status<TAB>what changed", "keys": the
//   keys file as served, "page": the page as served, saved, "name": the
//   valid diploma's name, "newname": the corrected one's, "decision" and
//   "reason": the revocation's }
//
// RESULTS gets one line per check, "ok|fail<TAB>ID<TAB>detail"
// (harness.mjs).
import { chromium } from 'playwright-core';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, clean, publicBrowser, scriptArgs, watcher } from
    './harness.mjs';

const { cfg, check } = scriptArgs('receipt_page.mjs', 400);
const { problems, dialogs, newContext } = watcher();
const VI = 'Biên nhận đã được kiểm chứng: ';
const BAD = 'Biên nhận KHÔNG hợp lệ';
const text = (n) => readFileSync(join(cfg.tmp, `${n}.json`), 'utf8');
const valid = JSON.parse(text('valid'));
const revoked = JSON.parse(text('revoked'));
const dir = join(cfg.tmp, 'forged');
mkdirSync(dir, { recursive: true });
// forged NAME FN: valid.json changed by FN, written as NAME.json; its path.
function forged(name, fn) {
	const r = structuredClone(valid);
	const out = fn(r) ?? JSON.stringify(r);
	writeFileSync(join(dir, `${name}.json`), out);
	return join(dir, `${name}.json`);
}

// A key of the log's name that is not the log's: its vkey text, and its
// signature line of a note text.
const origin = valid.checkpoint.split('\n')[0];
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
const raw = Buffer.concat([Buffer.of(1), pub]);
const id = createHash('sha256').update(`${origin}\n`).update(raw).digest()
    .subarray(0, 4);
const otherVkey = `${origin}+${id.toString('hex')}+${raw.toString('base64')}`;
const otherSig = (t) => `\u2014 ${origin} ${Buffer.concat([id,
    sign(null, Buffer.from(t), privateKey)]).toString('base64')}\n`;
writeFileSync(join(dir, 'otherkeys'), `log ${otherVkey}\n`);

const files = {
	name: forged('name', (r) => {
		r.disclosed.full_name.value += ' Giả';
	}),
	proof: forged('proof', (r) => {
		r.proof = JSON.stringify(r.proof) === JSON.stringify(
		    revoked.proof) ? [...r.proof].reverse() : revoked.proof;
	}),
	otherkey: forged('otherkey', (r) => {
		const t = r.checkpoint.slice(0, r.checkpoint.indexOf('\n\n') + 1);
		r.checkpoint = `${t}\n${otherSig(t)}`;
	}),
	cosig: forged('cosig', (r) => {
		r.checkpoint = r.checkpoint.replace(/^(\u2014 w1\.example )(\S+)$/m,
		    (_, a, s) => {
			const b = Buffer.from(s, 'base64');
			b[b.length - 1] ^= 1;
			return a + b.toString('base64');
		});
	}),
	truncated: forged('truncated', () => text('valid').slice(0,
	    text('valid').length / 2)),
	// The revoked receipt without its head, or with the valid one's.
	nohead: forged('nohead', (r) => {
		Object.assign(r, revoked);
		delete r.head;
	}),
	otherhead: forged('otherhead', (r) => {
		r.head = revoked.head;
	}),
	hostile: forged('hostile', (r) => {
		r.disclosed['<img src=x onerror=alert(3)>'] =
		    r.disclosed.full_name;
	}),
};

// result PAGE: what the page's answer says, once there is one.
async function result(page) {
	await page.locator('#result h2').waitFor({ timeout: 10000 });
	return page.evaluate(() => {
		const r = document.getElementById('result');
		return { title: r.querySelector('h2').textContent,
		    check: r.dataset.check ?? '', text: r.textContent };
	});
}
// open PAGE PATH: the answer to the file at PATH, opened in the page.
async function open(page, path) {
	await page.evaluate(() => {
		const r = document.getElementById('result');
		r.hidden = true;
		r.replaceChildren();
		// The same file again is a change too.
		document.getElementById('file').value = '';
	});
	await page.setInputFiles('#file', path);
	return result(page);
}
// passes R TITLE: R is a genuine receipt's answer titled TITLE.
function passes(r, title) {
	assert(r.title === VI + title, `title "${r.title}" ${r.text}`);
	assert(r.text.includes('Đã chứng minh') &&
	    r.text.includes('Chưa chứng minh'), 'no proven/not proven');
	return r.title;
}
// refused PAGE NAME CHECK: the forgery NAME fails naming CHECK.
async function refused(page, name, want) {
	const r = await open(page, files[name]);
	assert(r.title === BAD && r.check === want,
	    `"${r.title}", check "${r.check}": ${r.text}`);
	return r.text.slice(BAD.length);
}
// ready PAGE URL: PAGE at URL, its script started.
async function ready(page, url) {
	await page.goto(url);
	await page.locator('body[data-ready="1"]').waitFor({ timeout: 5000 });
}

const browser = await publicBrowser(chromium);
try {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await ready(page, `${cfg.base}/receipt`);
	let requests = 0;
	page.on('request', () => requests++);
	const size = valid.checkpoint.split('\n')[1];

	let validText = '';
	await check('valid', async () => {
		const r = await open(page, join(cfg.tmp, 'valid.json'));
		validText = r.text;
		passes(r, 'Văn bằng hợp lệ');
		assert(r.text.includes(cfg.name), 'no name');
		assert(r.text.includes(`tính đến kích thước cây ${size} `),
		    `no tree size ${size}: ${r.text}`);
		await page.screenshot({ path: join(cfg.artefacts,
		    'receipt-valid.png'), fullPage: true });
		return r.text;
	});
	await check('witnesses', async () => {
		assert(validText.includes('được 1 trong 2 bên chứng kiến mà ' +
		    'Sở công bố ký xác nhận: w1'), validText);
		return 'w1 counted';
	});
	await check('revoked', async () => {
		const r = await open(page, join(cfg.tmp, 'revoked.json'));
		passes(r, 'Văn bằng đã bị thu hồi');
		assert(r.text.includes(cfg.decision) &&
		    r.text.includes(cfg.reason), r.text);
		return r.title;
	});
	await check('corrected', async () => {
		const r = await open(page, join(cfg.tmp, 'corrected.json'));
		passes(r, 'Văn bằng hợp lệ (đã được chỉnh sửa)');
		const dd = await page.locator('#result dd').first()
		    .textContent();
		assert(dd === cfg.newname, `name shown as "${dd}"`);
		const made = await page.evaluate(() => [
		    document.images.length, document.scripts.length,
		    document.querySelectorAll('[onerror]').length]);
		assert(made.join() === '0,1,0', `img,script,onerror ${made}`);
		assert(dialogs.length === 0, dialogs.join());
		return dd;
	});
	await check('replaced', async () => {
		const r = await open(page, join(cfg.tmp, 'replaced.json'));
		passes(r, 'Văn bằng đã được cấp lại: số hiệu này đã được thay ' +
		    'bằng số hiệu mới');
		for (const w of [`Số hiệu văn bằng mớiZX7000001`,
		    `Số hiệu cũ${cfg.oldserial}`, 'Cấp lại', '56/QĐ-SGDĐT'])
			assert(r.text.includes(w), `no "${w}": ${r.text}`);
		return r.title;
	});
	await check('pasted', async () => {
		await page.evaluate(() => {
			document.getElementById('result').replaceChildren();
		});
		await page.fill('#paste', text('revoked'));
		await page.click('#check');
		return passes(await result(page), 'Văn bằng đã bị thu hồi');
	});
	await check('dropped', async () => {
		await page.evaluate(() => {
			document.getElementById('result').replaceChildren();
		});
		const dt = await page.evaluateHandle((t) => {
			const d = new DataTransfer();
			d.items.add(new File([t], 'receipt.json',
			    { type: 'application/json' }));
			return d;
		}, text('corrected'));
		await page.dispatchEvent('#checker', 'drop',
		    { dataTransfer: dt });
		return passes(await result(page),
		    'Văn bằng hợp lệ (đã được chỉnh sửa)');
	});
	await check('name', () => refused(page, 'name', 'field'));
	await check('proof', () => refused(page, 'proof', 'inclusion'));
	await check('otherkey', () => refused(page, 'otherkey', 'signature'));
	await check('cosig', () => refused(page, 'cosig', 'cosignature'));
	await check('head', async () => {
		const a = await refused(page, 'nohead', 'head');
		const b = await refused(page, 'otherhead', 'head');
		return `${a} / ${b}`;
	});
	await check('differential', async () => {
		const list = readFileSync(join(cfg.mutations, 'list'), 'utf8')
		    .trim().split('\n').map((l) => l.split('\t'));
		// All in the page, one after the other: as the paste box and
		// the button do, without a round trip each.
		const titles = await page.evaluate(async (texts) => {
			const out = [];
			const r = document.getElementById('result');
			for (const t of texts) {
				r.replaceChildren();
				document.getElementById('paste').value = t;
				document.getElementById('check').click();
				while (!r.querySelector('h2'))
					await new Promise((ok) => setTimeout(ok, 1));
				out.push([r.querySelector('h2').textContent,
				    r.dataset.check ?? '']);
			}
			return out;
		}, list.map(([n]) => readFileSync(join(cfg.mutations,
		    `${n}.json`), 'utf8')));
		const differ = [];
		list.forEach(([, rc, what], i) => {
			const [title, ck] = titles[i];
			if (title.startsWith(VI) !== (rc === '0'))
				differ.push(`${what}: C ${rc === '0' ? 'passes' :
				    'refuses'}, the page says ${title} ${ck}`);
		});
		assert(list.length > 100 && differ.length === 0,
		    `${differ.length} of ${list.length}: ${differ.join(' | ')}`);
		return `${list.length} agree`;
	}, 60);
	await check('truncated', () => refused(page, 'truncated', 'format'));
	await check('huge', async () => {
		const t0 = Date.now();
		const r = await open(page, join(cfg.tmp, 'huge.json'));
		assert(r.title === BAD && r.check === 'format' &&
		    r.text.includes('quá lớn'), r.text);
		assert(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
		return r.text;
	}, 30);
	await check('hostile', async () => {
		const t = await refused(page, 'hostile', 'member');
		assert(t.includes('disclosed.<img src=x onerror=alert(3)> is ' +
		    'not a field'), t);
		const made = await page.evaluate(() => [
		    document.images.length, document.scripts.length]);
		assert(made.join() === '0,1' && dialogs.length === 0,
		    `img,script ${made}, dialogs ${dialogs}`);
		return t;
	});
	await check('keyfile', async () => {
		await page.click('summary');
		await page.setInputFiles('#keyfile', join(dir, 'otherkeys'));
		await page.locator('#keyinfo', { hasText: 'otherkeys' })
		    .waitFor({ timeout: 5000 });
		// The genuine receipt, against another key of the same name.
		const r = await open(page, join(cfg.tmp, 'valid.json'));
		assert(r.check === 'signature', `genuine: ${r.check}`);
		await page.setInputFiles('#keyfile', cfg.keys);
		await page.locator('#keyinfo', { hasText: 'keys' })
		    .waitFor({ timeout: 5000 });
		passes(await open(page, join(cfg.tmp, 'valid.json')),
		    'Văn bằng hợp lệ');
		return r.text;
	});
	await check('english', async () => {
		const en = await ctx.newPage();
		await ready(en, `${cfg.base}/receipt?lang=en`);
		const r = await open(en, join(cfg.tmp, 'valid.json'));
		assert(r.title === 'Receipt checked: Valid diploma', r.title);
		assert(r.text.includes(`as of tree size ${size} `), r.text);
		await en.close();
		return r.title;
	});
	await check('phone', async () => {
		const ph = await ctx.newPage();
		await ph.setViewportSize({ width: 320, height: 640 });
		await ready(ph, `${cfg.base}/receipt`);
		await open(ph, join(cfg.tmp, 'revoked.json'));
		await ph.click('summary');
		const [sw, cw] = await ph.evaluate(() => [
		    document.documentElement.scrollWidth,
		    document.documentElement.clientWidth]);
		await ph.screenshot({ path: join(cfg.artefacts,
		    'receipt-phone.png'), fullPage: true });
		await ph.close();
		assert(sw <= cw, `scrolls sideways: ${sw} > ${cw}`);
		return `${sw} px`;
	});
	await check('norequest', async () => {
		assert(requests === 0, `${requests} requests`);
		return 'none';
	});
	await check('offline', async () => {
		const off = await newContext(browser, { offline: true });
		let tried = 0;
		await off.route((u) => u.protocol !== 'file:', (rt) => {
			tried++;
			return rt.abort();
		});
		const p = await off.newPage();
		await ready(p, `file://${cfg.page}`);
		passes(await open(p, join(cfg.tmp, 'revoked.json')),
		    'Văn bằng đã bị thu hồi');
		const r = await open(p, files.name);
		assert(r.check === 'field', r.check);
		assert(tried === 0, `${tried} requests tried`);
		await off.close();
		return 'checked from file://';
	});
	await check('nocrypto', async () => {
		const nc = await newContext(browser);
		await nc.addInitScript(() => {
			if (!globalThis.crypto?.subtle)
				return;
			const imp = crypto.subtle.importKey.bind(crypto.subtle);
			crypto.subtle.importKey = (f, k, alg, ...rest) =>
			    alg?.name === 'Ed25519' ? Promise.reject(
			    new DOMException('no', 'NotSupportedError')) :
			    imp(f, k, alg, ...rest);
		});
		const p = await nc.newPage();
		await p.goto(`${cfg.base}/receipt`);
		const r = await result(p);
		assert(r.check === 'crypto' && r.text.includes('Trình duyệt ' +
		    'này không kiểm tra được biên nhận'), r.text);
		await nc.close();
		return r.text;
	});
	await check('clean', async () => clean(problems));
} finally {
	await browser.close();
}
