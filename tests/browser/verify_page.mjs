// verify_page.mjs: the verification page at `/` of a running `sogoc serve`,
// driven in a real (headless) Chromium through playwright-core, the way a
// person uses it: by its labels and the keyboard, in both languages, on a
// phone, and with hostile input.  Run by tests/verify_browser.sh, which
// makes the registry and starts the server.
//
//   node verify_page.mjs CONFIG.json RESULTS
//
// CONFIG.json: { "base": "http://127.0.0.1:PORT", "artefacts": DIR,
//   "valid": RECORD, "revoked": RECORD, "corrected": RECORD,
//   "replaced": RECORD } where a RECORD is a line of `sogoc export`, plus
// "decision" for the revoked one, "field", "value", "old" for the
// corrected one (its fields are the current, corrected ones), and
// "new_serial", "decision", "decision_date" for the replaced one (its
// fields are those before the reissue: the old paper's).
//
// RESULTS gets one line per check: "ok<TAB>ID<TAB>detail" or
// "fail<TAB>ID<TAB>why".  The shell script turns them into TAP points and
// counts a check with no line as failed.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { assert, cleanRun, nothingRan, publicBrowser, scriptArgs,
    watcher } from './harness.mjs';

const { cfg, check } = scriptArgs('verify_page.mjs', 400);
const base = cfg.base;
const art = cfg.artefacts;
// What the pages say and load over the whole run (harness.mjs).
const { problems, dialogs, styleResponses, newContext } = watcher();

const VI = {
	serial: 'Số hiệu văn bằng', name: 'Họ và tên', dob: 'Ngày sinh',
	valid: 'Văn bằng hợp lệ', revoked: 'Văn bằng đã bị thu hồi',
	corrected: 'Văn bằng hợp lệ (đã được chỉnh sửa)',
	notfound: 'Không tìm thấy văn bằng', receipt: 'Tải biên nhận',
	title: 'Tra cứu văn bằng', replaced: 'Văn bằng đã được cấp lại',
	newserial: 'Số hiệu văn bằng mới',
};
// The Vietnamese row label of each field a correction may change.
const VI_FIELD = {
	full_name: 'Họ và tên', date_of_birth: 'Ngày sinh',
	serial_no: 'Số hiệu văn bằng', classification: 'Xếp loại',
	register_no: 'Số vào sổ gốc',
};
const EN = {
	serial: 'Serial number', name: 'Full name', dob: 'Date of birth',
	valid: 'Valid diploma', notfound: 'No diploma matches',
	receipt: 'Download the receipt', title: 'Verify a diploma',
};

// 1975-05-12 -> 12/5/1975, as the page's hint asks for.
const dmy = (iso) => {
	const [y, m, d] = iso.split('-');
	return `${Number(d)}/${Number(m)}/${y}`;
};
// Nguyễn Văn Đức -> NGUYEN VAN DUC
const folded = (s) => s.normalize('NFD').replace(/\p{M}/gu, '')
	.replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();

// fillByKeyboard PAGE LABELS VALUES: focus the first field, type, Tab,
// type, Tab, type, Enter; the fields are found by their label text, and
// each Tab must land on the next of them.
async function fillByKeyboard(page, L, serial, name, dob) {
	const fields = [
		[page.getByLabel(L.serial, { exact: true }), 'serial', serial],
		[page.getByLabel(L.name, { exact: true }), 'name', name],
		[page.getByLabel(L.dob, { exact: true }), 'dob', dob],
	];
	for (const [loc, id] of fields) {
		assert(await loc.count() === 1,
		    `label for ${id} finds ${await loc.count()} elements`);
		assert(await loc.evaluate((e) => e.tagName + '#' + e.id) ===
		    `INPUT#${id}`, `the label for ${id} is not on input#${id}`);
	}
	await fields[0][0].focus();
	for (let i = 0; i < fields.length; i++) {
		const [loc, id, value] = fields[i];
		assert(await loc.evaluate((e) => e === document.activeElement),
		    `focus is not on the ${id} field`);
		await page.keyboard.type(value);
		if (i + 1 < fields.length)
			await page.keyboard.press('Tab');
	}
	await Promise.all([page.waitForURL(/[?&]serial=/),
	    page.keyboard.press('Enter')]);
	await page.waitForLoadState('load');
}

const resultText = async (page) => {
	const r = page.locator('#result');
	assert(await r.count() === 1, 'no #result section');
	assert(await r.getAttribute('role') === 'status',
	    '#result is not role=status');
	return (await r.innerText()).replace(/\s+/g, ' ');
};
// The <dd> after the <dt> labelled LABEL in the result.
const ddOf = (page, label) => page.locator('#result dt', {
	hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) })
	.locator('xpath=following-sibling::dd[1]');

const V = cfg.valid.fields;
const R = cfg.revoked.fields;
const C = cfg.corrected.fields;
const q = (rec, lang) => `${base}/?lang=${lang}&serial=${encodeURIComponent(
    rec.serial_no)}&name=${encodeURIComponent(rec.full_name)}&dob=${
    encodeURIComponent(rec.date_of_birth)}`;

// A new page of ctx asking, in Vietnamese by keyboard, about the diploma
// whose fields are rec: the page and its result's text.
const askVi = async (ctx, rec) => {
	const page = await ctx.newPage();
	await page.goto(`${base}/`);
	await fillByKeyboard(page, VI, rec.serial_no, rec.full_name,
	    dmy(rec.date_of_birth));
	return [page, await resultText(page)];
};

// endPage PAGE TITLE NAME: PAGE's title begins with TITLE; PAGE is kept
// as verify-NAME.png in the artefacts and closed.  Its title.
const endPage = async (page, title, name) => {
	const got = await page.title();
	assert(got.startsWith(title), `the title is "${got}"`);
	await page.screenshot({ path: join(art, `verify-${name}.png`),
	    fullPage: true });
	await page.close();
	return got;
};

const browser = await publicBrowser(chromium);
try {
	const ctx = await newContext(browser,
	    { viewport: { width: 1024, height: 768 } });
	let validPage;

	await check('vi', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/`);
		assert(await page.locator('html').getAttribute('lang') === 'vi',
		    'the default page is not lang="vi"');
		await fillByKeyboard(page, VI, V.serial_no, V.full_name,
		    dmy(V.date_of_birth));
		const t = await resultText(page);
		assert(t.includes(VI.valid), `result says "${t}"`);
		assert(!t.includes(VI.corrected) && !t.includes(VI.revoked),
		    `result says "${t}"`);
		assert(t.includes(V.full_name), `no name in "${t}"`);
		assert(t.includes(V.serial_no), `no serial in "${t}"`);
		assert(await ddOf(page, VI.name).innerText() === V.full_name,
		    'the name row is not the name');
		await page.screenshot({ path: join(art, 'verify-vi.png'),
		    fullPage: true });
		validPage = page;
		return t.slice(0, 80);
	});

	await check('en', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/?lang=en`);
		await fillByKeyboard(page, EN, V.serial_no, V.full_name,
		    dmy(V.date_of_birth));
		assert(await page.locator('html').getAttribute('lang') === 'en',
		    'the answer is not in English (lang attribute)');
		const t = await resultText(page);
		assert(t.includes(EN.valid), `result says "${t}"`);
		assert(t.includes(V.full_name) && t.includes(V.serial_no),
		    `no name or serial in "${t}"`);
		await page.screenshot({ path: join(art, 'verify-en.png'),
		    fullPage: true });
		await page.close();
		return t.slice(0, 60);
	});

	await check('folded', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/`);
		const plain = folded(V.full_name);
		assert(plain !== V.full_name, 'the name has nothing to fold');
		await fillByKeyboard(page, VI, V.serial_no, plain,
		    dmy(V.date_of_birth));
		const t = await resultText(page);
		assert(t.includes(VI.valid), `"${plain}": result says "${t}"`);
		assert(t.includes(V.full_name),
		    `the registry's spelling is not shown: "${t}"`);
		await page.close();
		return plain;
	});

	await check('wrongdob', async () => {
		const page = await ctx.newPage();
		const secrets = [V.register_no, V.date_of_birth,
		    dmy(V.date_of_birth), V.place_of_birth, V.school,
		    V.classification, cfg.valid.year].filter((s) => s);
		for (const [lang, L] of [['vi', VI], ['en', EN]]) {
			await page.goto(`${base}/?lang=${lang}`);
			await fillByKeyboard(page, L, V.serial_no, V.full_name,
			    '1/1/1901');
			const t = await resultText(page);
			assert(t.includes(L.notfound), `${lang}: result says "${t}"`);
			assert(!t.includes(L.valid), `${lang}: says valid`);
			const body = await page.locator('body').innerText();
			for (const s of secrets)
				assert(!body.includes(s),
				    `${lang}: the page shows "${s}" of the record`);
			assert(await page.locator('#result dl, #result a').count()
			    === 0, `${lang}: the result has record rows or links`);
		}
		await page.close();
		return 'not found, nothing of the record shown';
	});

	await check('revoked', async () => {
		const [page, t] = await askVi(ctx, R);
		assert(t.includes(VI.revoked), `result says "${t}"`);
		assert(!t.includes(VI.valid), `result also says valid: "${t}"`);
		for (const want of [cfg.revoked.decision, cfg.revoked.reason,
		    cfg.revoked.decision_date, 'Thu hồi'])
			assert(t.includes(want), `no "${want}" in "${t}"`);
		const title = await endPage(page, VI.revoked, 'revoked');
		return `${cfg.revoked.decision}, ${cfg.revoked.decision_date}, ` +
		    `${cfg.revoked.reason}; title "${title}"`;
	});

	await check('replaced', async () => {
		const X = cfg.replaced.fields;
		const [page, t] = await askVi(ctx, X);
		assert(t.includes(VI.replaced), `result says "${t}"`);
		assert(!t.includes(VI.notfound), `result says not found: "${t}"`);
		const now = (await ddOf(page, VI.newserial).innerText()).trim();
		assert(now === cfg.replaced.new_serial,
		    `the new serial shown is "${now}"`);
		const old = (await ddOf(page, VI.serial).innerText()).trim();
		assert(old === X.serial_no, `the old serial shown is "${old}"`);
		for (const want of [cfg.replaced.decision,
		    cfg.replaced.decision_date, 'Cấp lại'])
			assert(t.includes(want), `no "${want}" in "${t}"`);
		const title = await endPage(page, VI.replaced, 'replaced');
		return `${old} reissued as ${now}, ${cfg.replaced.decision}; ` +
		    `title "${title}"`;
	});

	await check('badinput', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/`);
		await fillByKeyboard(page, VI, V.serial_no, V.full_name,
		    '31/2/1972');
		const t = await resultText(page);
		assert(t.includes('Vui lòng sửa'), `result says "${t}"`);
		const f = (label) => page.getByLabel(label, { exact: true });
		assert(await f(VI.serial).inputValue() === V.serial_no,
		    'the serial typed is gone');
		assert(await f(VI.name).inputValue() === V.full_name,
		    'the name typed is gone');
		assert(await f(VI.dob).inputValue() === '31/2/1972',
		    'the date typed is gone');
		assert(await f(VI.dob).getAttribute('aria-invalid') === 'true',
		    'the date is not marked invalid');
		for (const l of [VI.serial, VI.name])
			assert(await f(l).getAttribute('aria-invalid') === null,
			    `${l} is marked invalid`);
		const why = await f(VI.dob).evaluate((e) => e.getAttribute(
		    'aria-describedby').split(' ').map((id) =>
		    document.getElementById(id).textContent).join(' '));
		assert(why.includes('Ngày sinh không hợp lệ'),
		    `the date's description is "${why}"`);
		await endPage(page, 'Vui lòng sửa', 'badinput');
		return why;
	});

	await check('switchkeeps', async () => {
		const page = await ctx.newPage();
		await page.goto(q(V, 'vi'));
		assert((await resultText(page)).includes(VI.valid),
		    'the Vietnamese answer is not valid');
		await Promise.all([page.waitForURL(/[?&]lang=en/),
		    page.getByRole('link', { name: 'English', exact: true })
		    .click()]);
		const t = await resultText(page);
		assert(t.includes(EN.valid) && t.includes(V.serial_no),
		    `the English page says "${t}"`);
		assert(await page.getByLabel(EN.name, { exact: true })
		    .inputValue() === V.full_name, 'the name is not kept');
		await page.close();
		return page.url();
	});

	await check('corrected', async () => {
		const [page, t] = await askVi(ctx, C);
		assert(t.includes(VI.corrected), `result says "${t}"`);
		const label = VI_FIELD[cfg.corrected.field];
		assert(label, `no label known for ${cfg.corrected.field}`);
		const got = await ddOf(page, label).innerText();
		assert(got === cfg.corrected.value,
		    `${label} shows "${got}", not the corrected "${
		    cfg.corrected.value}" (was "${cfg.corrected.old}")`);
		assert(!t.includes(cfg.corrected.old),
		    `the old value "${cfg.corrected.old}" is still shown`);
		await page.close();
		return `${label}: ${got}`;
	});

	await check('langswitch', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/`);
		const link = page.getByRole('link', { name: 'English',
		    exact: true });
		assert(await link.count() === 1, 'no "English" link');
		// The switch is the first thing Tab reaches.
		await page.keyboard.press('Tab');
		assert(await link.evaluate((e) => e === document.activeElement),
		    'the first Tab does not reach the language switch');
		await Promise.all([page.waitForURL(/[?&]lang=en/),
		    page.keyboard.press('Enter')]);
		assert(await page.locator('html').getAttribute('lang') === 'en',
		    'landed on a page that is not lang="en"');
		const h1 = await page.locator('h1').innerText();
		assert(h1 === EN.title, `h1 is "${h1}"`);
		assert(await page.getByLabel(EN.serial, { exact: true }).count()
		    === 1, 'no "Serial number" field');
		assert(await page.getByRole('link', { name: 'Tiếng Việt' })
		    .count() === 1, 'no way back to Vietnamese');
		await page.close();
		return page.url();
	});

	await check('injection', async () => {
		const page = await ctx.newPage();
		const evil = '"><img src=x onerror=alert(1)><script>alert(2)' +
		    '</script>';
		await page.goto(`${base}/`);
		await fillByKeyboard(page, VI, V.serial_no, evil,
		    dmy(V.date_of_birth));
		await page.waitForTimeout(300);	// for an onerror to fire
		const t = await resultText(page);
		assert(t.includes(VI.notfound), `result says "${t}"`);
		const got = await page.getByLabel(VI.name, { exact: true })
		    .inputValue();
		assert(got === evil, `the name field holds "${got}"`);
		await nothingRan(page, dialogs);
		await page.close();
		return 'echoed as text only';
	});

	await check('receipt', async () => {
		const page = validPage;
		assert(page, 'no valid answer page (check 1 failed)');
		const link = page.getByRole('link', { name: new RegExp(
		    `^${VI.receipt}`) });
		assert(await link.count() === 1, 'no receipt link');
		const href = new URL(await link.getAttribute('href'), page.url());
		const asked = new URL(page.url()).searchParams;
		assert(href.origin === base && href.pathname === '/api/v1/verify',
		    `the link points at ${href}`);
		for (const k of ['serial', 'name', 'dob'])
			assert(href.searchParams.get(k) === asked.get(k),
			    `${k} is "${href.searchParams.get(k)}", asked "${
			    asked.get(k)}"`);
		assert(await link.getAttribute('download') === 'receipt.json',
		    'the link does not download receipt.json');
		const resp = await page.request.get(href.href);
		assert(resp.status() === 200, `GET gives ${resp.status()}`);
		const j = await resp.json();
		assert(j.status === 'valid', `status is ${j.status}`);
		assert(j.disclosed?.serial_no?.value === V.serial_no,
		    'the receipt is for another serial');
		await page.close();
		return `${href.pathname}${href.search}`;
	});

	const phone = await newContext(browser, { viewport: { width: 375,
	    height: 667 }, deviceScaleFactor: 2, isMobile: true,
	    hasTouch: true });
	await check('phone', async () => {
		const page = await phone.newPage();
		const widths = [];
		for (const [url, says] of [[`${base}/`, VI.title],
		    [`${base}/?lang=en`, EN.title], [q(C, 'vi'), VI.corrected],
		    [q(R, 'en'), 'revoked'], [q(V, 'en'), EN.valid]]) {
			await page.goto(url);
			const t = await page.locator('main').innerText();
			assert(t.includes(says), `${url}: no "${says}" on the page`);
			const w = await page.evaluate(() =>
			    document.documentElement.scrollWidth);
			widths.push(w);
			assert(w <= 375, `${url}: scrollWidth ${w} > 375`);
		}
		await page.goto(q(C, 'vi'));
		await page.screenshot({ path: join(art, 'verify-phone.png'),
		    fullPage: true });
		await page.setViewportSize({ width: 280, height: 600 });
		for (const url of [q(R, 'vi'), q(V, 'en')]) {
			await page.goto(url);
			const w = await page.evaluate(() =>
			    document.documentElement.scrollWidth);
			widths.push(w);
			assert(w <= 280, `${url}: scrollWidth ${w} > 280`);
		}
		await page.close();
		return `scrollWidth ${widths.join(', ')}`;
	});
	await phone.close();

	// Last, so that it covers every page loaded above.
	await check('clean', async () => {
		const page = await ctx.newPage();
		await page.goto('about:blank');
		const plain = await page.evaluate(() => {
			const b = document.createElement('button');
			document.body.append(b);
			return getComputedStyle(b).backgroundColor;
		});
		await page.goto(`${base}/`);
		const styled = await page.getByRole('button').evaluate((b) =>
		    getComputedStyle(b).backgroundColor);
		assert(styled !== plain,
		    `the submit button has the default background ${plain}`);
		const clean = cleanRun(styleResponses, problems);
		await page.close();
		return `button ${styled}; ${clean}`;
	});
	await ctx.close();
} finally {
	await browser.close();
}
