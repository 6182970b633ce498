// copy_request.mjs: the graduates' request for a certified copy on a
// running `sogoc serve` (/copy, the private status page /r/LINK, the share
// code's page /c/CODE), driven in a real (headless) Chromium through
// playwright-core the way a graduate uses it: by the labels and the
// keyboard, in both languages, on a phone, and with hostile input; and
// the registrar who approves the request in the staff console, in the
// browser too, by keyboard: the request beside the record, the identity
// box, the copy issued.
// Run by tests/copy_browser.sh, which makes the registry, the copy
// signer's certificate, the registrar's account and starts the server.
//
//   node copy_request.mjs CONFIG.json RESULTS
//
// CONFIG.json: { "base": PUBLIC URL, "staff": CONSOLE URL, "artefacts":
//   DIR, "registrar": ACCOUNT, "password": PW, "valid": RECORD } where
//   RECORD is a line of `sogoc export`, a valid diploma.
//
// RESULTS gets one line per check: "ok<TAB>ID<TAB>detail" or
// "fail<TAB>ID<TAB>why".  The shell script turns them into TAP points and
// counts a check with no line as failed.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { assert, cleanRun, nothingRan, publicBrowser, scriptArgs,
    watcher } from './harness.mjs';

const { cfg, check } = scriptArgs('copy_request.mjs', 400);
const base = cfg.base;
const art = cfg.artefacts;
// What the pages say and load over the whole run (harness.mjs); a status
// provoked on purpose is expect()ed first.
const { problems, dialogs, styleResponses, expect, newContext } =
    watcher();

// The form's fields (their input ids), in the order it shows them.
const FIELDS = ['full_name', 'date_of_birth', 'year', 'school', 'serial_no',
    'national_id', 'contact', 'purpose', 'copies', 'share_until'];
const VI = {
	label: {
		full_name: 'Họ và tên', date_of_birth: 'Ngày sinh',
		year: 'Năm tốt nghiệp', school: 'Trường',
		serial_no: 'Số hiệu văn bằng (nếu biết)',
		national_id: 'Số định danh cá nhân (CCCD)',
		contact: 'Số điện thoại hoặc email',
		purpose: 'Mục đích sử dụng', copies: 'Số bản sao',
		share_until: 'Mã chia sẻ có hiệu lực đến',
	},
	title: 'Yêu cầu cấp bản sao văn bằng từ sổ gốc',
	submit: 'Gửi yêu cầu', fix: 'Vui lòng sửa',
	received: 'Đã nhận yêu cầu', number: 'Số yêu cầu',
	state: 'Tình trạng', pending: 'Đang chờ cán bộ kiểm tra',
	approved: 'Đã cấp bản sao', status: 'Yêu cầu cấp bản sao số',
	download: 'Tải bản sao (PDF có chữ ký số)', codes: 'Mã chia sẻ',
	code: 'Mã', until: 'Hiệu lực đến', opens: 'Đã mở',
	withdraw: 'Thu hồi mã này', withdrawn: 'đã thu hồi',
	sure: 'Tôi hiểu rằng mã đã thu hồi không dùng lại được',
	done_withdraw: 'Đã thu hồi mã chia sẻ.',
	open: 'còn hiệu lực', valid: 'Văn bằng hợp lệ',
	shared: 'Văn bằng được chia sẻ',
	dobErr: 'Nhập ngày sinh có thật',
	serialErr: 'Số hiệu này không khớp',
};
const EN = {
	label: {
		full_name: 'Full name', date_of_birth: 'Date of birth',
		year: 'Graduation year', school: 'School',
		serial_no: 'Serial number (if known)',
		national_id: 'National ID number',
		contact: 'Telephone or e-mail', purpose: 'Purpose',
		copies: 'Number of copies',
		share_until: 'Share code valid until',
	},
	title: 'Request a certified copy from the original register',
	submit: 'Send the request', received: 'Your request was received.',
	number: 'Request number', state: 'State',
	pending: 'Waiting for the staff to check it',
	status: 'Copy request no.',
};

// 1975-05-12 -> 12/5/1975, as the form's hint asks for.
const dmy = (iso) => {
	const [y, m, d] = iso.split('-');
	return `${Number(d)}/${Number(m)}/${y}`;
};
// The day N days on, in Viet Nam (UTC+7), as YYYY-MM-DD.
const daysOn = (n) => new Date(Date.now() + 7 * 3600e3 + n * 86400e3)
    .toISOString().slice(0, 10);

const field = (page, L, id) => page.getByLabel(L.label[id], { exact: true });
const focused = (loc) => loc.evaluate((e) => e === document.activeElement);

// A date input's segments follow the browser's locale (headless Chromium:
// month/day/year whatever the page's language): the orders are tried
// until the input holds ISO.
async function typeDate(page, loc, iso) {
	const [y, m, d] = iso.split('-');
	for (const parts of [[m, d, y], [d, m, y], [y, m, d]]) {
		await page.keyboard.type(parts.join(''));
		if (await loc.inputValue() === iso)
			return;
		await loc.evaluate((e) => { e.value = ''; });
		await loc.focus();
	}
	throw new Error(`the date input does not take ${iso} by keyboard`);
}

// fillByKeyboard PAGE L VALUES [BEFORESEND]: every field found by its
// label, the first focused, then typed into, Tab to the next (each Tab
// that leaves a field must land on the next field), and at the end on the
// submit button; what was typed must be in the fields; BEFORESEND, if
// given, runs; Enter sends.  The answer the navigation ends in is
// returned.
async function fillByKeyboard(page, L, v, beforeSend) {
	for (const id of FIELDS) {
		const loc = field(page, L, id);
		assert(await loc.count() === 1,
		    `the label "${L.label[id]}" finds ${await loc.count()} ` +
		    'elements');
		assert(await loc.evaluate((e) => e.tagName + '#' + e.id) ===
		    `INPUT#${id}`, `the label "${L.label[id]}" is not on ` +
		    `input#${id}`);
	}
	await field(page, L, FIELDS[0]).focus();
	for (const id of FIELDS) {
		const loc = field(page, L, id);
		assert(await focused(loc), `Tab did not reach the ${id} field`);
		const value = v[id] ?? '';
		if (id === 'share_until' && value !== '')
			await typeDate(page, loc, value);
		else if (value !== '')
			await page.keyboard.type(value);
		// A date input's segments and its picker take a Tab each.
		for (let i = 0; i < 5; i++) {
			await page.keyboard.press('Tab');
			if (!await focused(loc))
				break;
		}
	}
	const button = page.getByRole('button', { name: L.submit,
	    exact: true });
	assert(await button.count() === 1, `no "${L.submit}" button`);
	assert(await focused(button),
	    `Tab from the last field does not reach "${L.submit}"`);
	for (const id of FIELDS) {
		const got = await field(page, L, id).inputValue();
		assert(got === (v[id] ?? ''),
		    `${id} holds "${got}", typed "${v[id] ?? ''}"`);
	}
	if (beforeSend)
		await beforeSend();
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.keyboard.press('Enter')]);
	await page.waitForLoadState('load');
	return resp;
}

// What a POST answered, and the URL it went to: for a failure's message.
const answered = async (resp) => {
	if (resp == null)
		return 'no answer';
	let r = resp.request();
	while (r.redirectedFrom())
		r = r.redirectedFrom();
	const body = resp.status() >= 400 ? `: ${(await resp.text())
	    .replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
	    .slice(0, 100)}` : '';
	return `${r.method()} ${new URL(r.url()).pathname} ended in ` +
	    `${resp.status()} at ${hide(resp.url())}${body}`;
};

// The <dd> after the <dt> saying exactly LABEL, within SCOPE.
const ddOf = (scope, label) => scope.locator('dt', {
	hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) })
	.locator('xpath=following-sibling::dd[1]');
const textOf = async (page) => (await page.locator('main').innerText())
    .replace(/\s+/g, ' ');
// A status page's address without its secret, for the results.
const hide = (url) => String(url).replace(/(\/r\/\d+-)[\w-]+/, '$1…');

const V = cfg.valid.fields;
const nationalId = '079201001234';
const until = daysOn(60);
// A graduate's request, as they type it.
const good = {
	full_name: V.full_name, date_of_birth: dmy(V.date_of_birth),
	year: cfg.valid.year, school: V.school, serial_no: V.serial_no,
	national_id: nationalId, contact: '0912 345 678',
	purpose: 'Nộp hồ sơ xin việc ở Sở Y tế', copies: '2',
	share_until: until,
};
// What the record holds that no public page may show.
const hidden = [V.place_of_birth, V.ethnicity].filter((s) => s);
const linkRe = /^\/r\/(\d+)-([A-Za-z0-9_-]{22})$/;
// The staff console (staff/console.c, staff/copies.c), as a registrar
// reads it.
const CS = {
	name: 'Tên tài khoản', password: 'Mật khẩu', nav: 'Bản sao',
	title: 'Yêu cầu cấp bản sao số', asked: 'Người tốt nghiệp khai',
	nid: 'Số định danh (CCCD)', pending: 'chờ duyệt',
	approved: 'đã cấp', record: 'Hồ sơ', differs: '≠ yêu cầu: ',
	identity: 'Tôi đã đối chiếu danh tính người yêu cầu (CCCD) với hồ ' +
	    'sơ đã chọn',
	approve: 'Duyệt và cấp bản sao', done: 'Đã ghi.',
	reason: 'Lý do (người yêu cầu sẽ đọc)', refuse: 'Từ chối yêu cầu',
	copyNo: 'Bản sao số', pdf: 'PDF',
};

const browser = await publicBrowser(chromium);
try {
	const ctx = await newContext(browser,
	    { viewport: { width: 1024, height: 768 } });
	let sentPage, sentResp, statusUrl, codeHref, evilN, approvedRec;

	await check('form', async () => {
		const page = await ctx.newPage();
		const r = await page.goto(`${base}/copy`);
		assert(r.status() === 200, `GET /copy: ${r.status()}`);
		assert(await page.locator('html').getAttribute('lang') === 'vi',
		    'the form is not lang="vi"');
		const h1 = await page.locator('h1').innerText();
		assert(h1 === VI.title, `h1 is "${h1}"`);
		// The screenshot: the form filled in, before it goes.
		sentResp = await fillByKeyboard(page, VI, good, () =>
		    page.screenshot({ path: join(art, 'copy-form.png'),
		    fullPage: true }));
		sentPage = page;
		return `${FIELDS.length} fields by label and Tab, ` +
		    `"${good.full_name}", "${good.school}", until ${until}; ` +
		    `sent, now at ${hide(new URL(page.url()).pathname)}`;
	});

	await check('sent', async () => {
		const page = sentPage;
		assert(page, 'no form was sent (form failed)');
		const path = new URL(page.url()).pathname;
		assert(linkRe.test(path), `it landed on ${await answered(
		    sentResp)}`);
		assert(sentResp.status() === 200, await answered(sentResp));
		statusUrl = page.url();
		const n = path.match(linkRe)[1];
		const t = await textOf(page);
		assert(t.includes(VI.received), `no "${VI.received}" in "${t}"`);
		const h1 = await page.locator('h1').innerText();
		assert(h1 === `${VI.status} ${n}`, `h1 is "${h1}"`);
		const res = page.locator('#result');
		assert(await res.getAttribute('role') === 'status',
		    '#result is not role=status');
		assert(await ddOf(res, VI.number).innerText() === n,
		    `the number shown is not ${n}`);
		const st = await ddOf(res, VI.state).innerText();
		assert(st === VI.pending, `the state is "${st}"`);
		const title = await page.title();
		assert(title.startsWith(VI.pending), `the title is "${title}"`);
		const name = await ddOf(page, VI.label.full_name).innerText();
		assert(name === good.full_name, `the name shown is "${name}"`);
		assert(await ddOf(page, VI.label.school).innerText() ===
		    good.school, 'the school is not shown as typed');
		const dob = await ddOf(page, VI.label.date_of_birth).innerText();
		assert(dob === good.date_of_birth, `the date of birth shows as "${
		    dob}", typed "${good.date_of_birth}"`);
		const id = await ddOf(page, VI.label.national_id).innerText();
		assert(id.endsWith(nationalId.slice(-3)) &&
		    !id.includes(nationalId.slice(0, 9)),
		    `the national ID shows as "${id}"`);
		const html = await page.content();
		assert(!html.includes(nationalId) && !t.includes(nationalId),
		    'the full national ID is on the page');
		await page.screenshot({ path: join(art, 'copy-status.png'),
		    fullPage: true });
		return `request ${n}: ${st}; ${name}; ID ${id}`;
	});

	await check('badfield', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/copy`);
		const v = { ...good, date_of_birth: '31/2/1990' };
		expect(`${base}/copy`, 400);
		const resp = await fillByKeyboard(page, VI, v);
		assert(resp && resp.status() === 400 &&
		    new URL(page.url()).pathname === '/copy',
		    `sending it: ${await answered(resp)}`);
		const t = await textOf(page);
		assert(t.includes(VI.fix), `no "${VI.fix}" in "${t}"`);
		assert((await page.title()).startsWith(VI.fix),
		    `the title is "${await page.title()}"`);
		const dob = field(page, VI, 'date_of_birth');
		assert(await dob.getAttribute('aria-invalid') === 'true',
		    'the date is not marked invalid');
		const desc = (await dob.getAttribute('aria-describedby') ?? '')
		    .split(' ').filter((s) => s);
		assert(desc.length > 0, 'the date has no aria-describedby');
		let why = '';
		for (const d of desc) {
			const e = page.locator(`[id="${d}"]`);
			assert(await e.count() === 1,
			    `aria-describedby names "${d}", not on the page`);
			assert(await e.isVisible(), `#${d} is not visible`);
			why += `${await e.innerText()} `;
		}
		assert(why.includes(VI.dobErr), `the date is described as "${
		    why}"`);
		for (const id of FIELDS) {
			const loc = field(page, VI, id);
			if (id !== 'date_of_birth')
				assert(await loc.getAttribute('aria-invalid') ===
				    null, `${id} is marked invalid`);
			const got = await loc.inputValue();
			assert(got === v[id], `${id} holds "${got}", typed "${
			    v[id]}"`);
		}
		await page.close();
		return why.trim();
	});

	await check('serialmismatch', async () => {
		const page = await ctx.newPage();
		const other = V.full_name === 'Trần Văn Bình' ? 'Đỗ Thị Hà' :
		    'Trần Văn Bình';
		const answer = async (serial) => {
			await page.goto(`${base}/copy`);
			const v = { ...good, full_name: other, serial_no: serial,
			    school: 'THPT Chu Văn An' };
			expect(`${base}/copy`, 422);
			const resp = await fillByKeyboard(page, VI, v);
			assert(resp && resp.status() === 422 &&
			    new URL(page.url()).pathname === '/copy',
			    `${serial}: ${await answered(resp)}`);
			const s = field(page, VI, 'serial_no');
			assert(await s.getAttribute('aria-invalid') === 'true',
			    `${serial}: the serial is not marked invalid`);
			const why = await s.evaluate((e) => (e.getAttribute(
			    'aria-describedby') ?? '').split(' ').filter((d) => d)
			    .map((d) => document.getElementById(d)?.innerText ??
			    `(no #${d})`).join(' '));
			assert(why.includes(VI.serialErr),
			    `${serial}: the serial is described as "${why}"`);
			for (const id of FIELDS)
				if (id !== 'serial_no')
					assert(await field(page, VI, id).getAttribute(
					    'aria-invalid') === null,
					    `${serial}: ${id} is marked invalid`);
			for (const id of FIELDS)
				assert(await field(page, VI, id).inputValue() ===
				    v[id], `${serial}: ${id} is not kept`);
			const html = await page.content();
			for (const s of [V.full_name, ...hidden, V.register_no,
			    V.classification].filter((x) => x))
				assert(!html.includes(s),
				    `${serial}: the page shows "${s}" of the record`);
			return { why, text: await textOf(page) };
		};
		const real = await answer(V.serial_no);
		const none = await answer('NOSUCH999');
		assert(real.text === none.text, 'the page for the real serial ' +
		    'differs from the one for no such serial');
		await page.close();
		return real.why;
	});

	await check('english', async () => {
		const page = await ctx.newPage();
		await page.goto(`${base}/copy`);
		const link = page.getByRole('link', { name: 'English',
		    exact: true });
		assert(await link.count() === 1, 'no "English" link');
		// The switch is the first thing Tab reaches.
		await page.keyboard.press('Tab');
		assert(await focused(link),
		    'the first Tab does not reach the language switch');
		await Promise.all([page.waitForURL(/\/copy\?lang=en$/),
		    page.keyboard.press('Enter')]);
		assert(await page.locator('html').getAttribute('lang') === 'en',
		    'landed on a page that is not lang="en"');
		const h1 = await page.locator('h1').innerText();
		assert(h1 === EN.title, `h1 is "${h1}"`);
		assert(await page.getByRole('link', { name: 'Tiếng Việt' })
		    .count() === 1, 'no way back to Vietnamese');
		const v = { ...good, serial_no: '', copies: '1',
		    share_until: '', purpose: 'Study abroad' };
		const resp = await fillByKeyboard(page, EN, v);
		const path = new URL(page.url()).pathname;
		assert(linkRe.test(path) && resp.status() === 200,
		    `sending it: ${await answered(resp)}`);
		assert(new URL(page.url()).searchParams.get('lang') === 'en',
		    `the status page is ${hide(page.url())}`);
		assert(await page.locator('html').getAttribute('lang') === 'en',
		    'the status page is not lang="en"');
		const t = await textOf(page);
		for (const s of [EN.received, EN.pending, EN.number])
			assert(t.includes(s), `no "${s}" in "${t}"`);
		assert(await ddOf(page, EN.label.full_name).innerText() ===
		    good.full_name, 'the name is not shown as typed');
		await page.close();
		return `${hide(path)}?lang=en: ${EN.pending}`;
	});

	await check('injection', async () => {
		const page = await ctx.newPage();
		const evil = '<img src=x onerror=alert(1)>';
		await page.goto(`${base}/copy`);
		const resp = await fillByKeyboard(page, VI, { ...good,
		    serial_no: '', school: evil });
		assert(linkRe.test(new URL(page.url()).pathname) &&
		    resp.status() === 200, `sending it: ${await answered(resp)}`);
		evilN = new URL(page.url()).pathname.match(linkRe)[1];
		await page.waitForTimeout(300);	// for an onerror to fire
		const got = await ddOf(page, VI.label.school).innerText();
		assert(got === evil, `the school shows as "${got}"`);
		await nothingRan(page, dialogs);
		await page.close();
		return 'echoed as text only';
	});

	// The registrar, in a browser of their own: signs in, finds the
	// request in the list, checks it against the record beside it and
	// approves it, all by keyboard.
	const staffCtx = await newContext(browser,
	    { viewport: { width: 1280, height: 900 } });
	await check('console', async () => {
		assert(statusUrl, 'no request to approve (sent failed)');
		const n = new URL(statusUrl).pathname.match(linkRe)[1];
		const page = await staffCtx.newPage();
		const kb = page.keyboard;
		const r = await page.goto(`${cfg.staff}/login`);
		assert(r.status() === 200, `GET /login: ${r.status()}`);
		const who = page.getByLabel(CS.name, { exact: true });
		const pw = page.getByLabel(CS.password, { exact: true });
		assert(await who.count() === 1 && await pw.count() === 1,
		    `no "${CS.name}" or "${CS.password}" field`);
		await who.focus();
		await kb.type(cfg.registrar);
		await kb.press('Tab');
		assert(await focused(pw), `Tab from "${CS.name}" does not ` +
		    `reach "${CS.password}"`);
		await kb.type(cfg.password);
		const [lr] = await Promise.all([page.waitForNavigation(),
		    kb.press('Enter')]);
		assert(new URL(page.url()).pathname === '/',
		    `signing in: ${await answered(lr)}`);

		// The list, from the console's navigation.
		const nav = page.locator('header nav').getByRole('link',
		    { name: CS.nav, exact: true });
		assert(await nav.count() === 1,
		    `no "${CS.nav}" link in the nav`);
		await nav.focus();
		await Promise.all([page.waitForURL(`${cfg.staff}/copies`),
		    kb.press('Enter')]);
		// The number's link is named for what it opens.
		const link = `Yêu cầu số ${n}`;
		const row = page.locator('table.requests tbody tr').filter({
		    has: page.getByRole('link', { name: link, exact: true }) });
		assert(await row.count() === 1, `${await row.count()} rows ` +
		    `for request ${n} in /copies`);
		const cells = await row.locator('td').allInnerTexts();
		assert(cells[2] === good.full_name && cells[5] === CS.pending,
		    `request ${n}'s row says ${cells.join(' | ')}`);
		await row.getByRole('link', { name: link, exact: true }).focus();
		await Promise.all([page.waitForURL(
		    `${cfg.staff}/copy-request?n=${n}`), kb.press('Enter')]);
		const url = page.url();

		// The request as the graduate made it, for staff: the full ID.
		const h1 = await page.locator('h1').innerText();
		assert(h1 === `${CS.title} ${n}`, `h1 is "${h1}"`);
		const state = page.locator('main p.status');
		const st0 = await state.innerText();
		assert(st0.includes(CS.pending), `the state says "${st0}"`);
		const asked = page.locator('section', { has: page.getByRole(
		    'heading', { name: CS.asked, exact: true }) });
		assert(await asked.count() === 1, `no section "${CS.asked}"`);
		const an = await ddOf(asked, VI.label.full_name).innerText();
		assert(an === good.full_name,
		    `the name asked shows as "${an}"`);
		const aid = await ddOf(asked, CS.nid).innerText();
		assert(aid === nationalId, `the national ID shows as "${aid}"`);

		// The record: its radio found by its label, checked (already,
		// when it is the only one), none of its fields marked.
		const recNo = String(cfg.valid.record);
		const cands = page.locator('fieldset.candidate');
		const count = await cands.count();
		const radio = page.getByRole('radio', { name:
		    `${CS.record} ${recNo}`, exact: true });
		assert(await radio.count() === 1, `no radio "${CS.record} ${
		    recNo}" among ${count} candidates`);
		const mine = cands.filter({ has: radio });
		const legend = await mine.locator('legend').innerText();
		assert(legend.trim() === `${CS.record} ${recNo}`,
		    `the record's legend is "${legend}"`);
		const pre = await radio.isChecked();
		assert(pre || count > 1, 'the only candidate is not checked');
		const diff = await mine.locator('.differs').allInnerTexts();
		assert(diff.length === 0, `the matching record is marked: ${
		    diff.join(' | ')}`);
		const select = async () => {
			if (await radio.isChecked())
				return;
			await radio.focus();
			await kb.press('Space');
			assert(await radio.isChecked(),
			    'Space does not check the record');
		};
		await select();
		const box = page.getByLabel(CS.identity, { exact: true });
		const button = page.getByRole('button', { name: CS.approve,
		    exact: true });
		assert(await box.count() === 1, `no box "${CS.identity}"`);
		assert(await button.count() === 1, `no "${CS.approve}" button`);
		assert(!await box.isChecked(), 'the identity box is ticked');
		assert(await page.getByLabel(CS.reason, { exact: true })
		    .count() === 1 && await page.getByRole('button', { name:
		    CS.refuse, exact: true }).count() === 1,
		    'no refusal form');

		// Approving without the identity box: the browser stops it
		// (required), or the server refuses it (400).
		expect(`${cfg.staff}/copy-request`, 400);
		await button.focus();
		const nav0 = page.waitForNavigation({ timeout: 1500 })
		    .catch(() => null);
		await kb.press('Enter');
		const r0 = await nav0;
		let stopped;
		if (r0 == null) {
			assert(page.url() === url, `it went to ${page.url()}`);
			assert(await box.evaluate((e) =>
			    e.validity.valueMissing),
			    'not sent, yet the box is not the reason');
			stopped = 'the browser (required)';
		} else {
			assert(r0.status() === 400, `approving without the ` +
			    `box: ${await answered(r0)}`);
			stopped = `the server (${r0.status()})`;
		}
		const st1 = await state.innerText();
		assert(st1.includes(CS.pending),
		    `without the box the state says "${st1}"`);
		await select();

		// The box by keyboard, then Enter on the button.
		await box.focus();
		await kb.press('Space');
		assert(await box.isChecked(), 'Space does not tick the box');
		await page.screenshot({ path: join(art, 'copy-console.png'),
		    fullPage: true });
		await button.focus();
		const [ar] = await Promise.all([page.waitForNavigation(),
		    kb.press('Enter')]);
		assert(ar && ar.status() === 200 && page.url() ===
		    `${url}&done=1`, `approving: ${await answered(ar)}`);
		const said = await page.getByRole('status').first().innerText();
		assert(said === CS.done, `it says "${said}"`);
		const st2 = await state.innerText();
		assert(st2.includes(CS.approved), `the state says "${st2}"`);
		approvedRec = recNo;
		const cn = (await ddOf(page, CS.copyNo).innerText()).trim();
		const copyNo = cn.split(' · ')[0];
		assert(/^\d+\/\d{4}\/BS$/.test(copyNo),
		    `"${CS.copyNo}" says "${cn}"`);

		// The copy as staff download it.
		const pdf = ddOf(page, CS.copyNo).getByRole('link',
		    { name: CS.pdf, exact: true });
		assert(await pdf.count() === 1, `no "${CS.pdf}" link`);
		const href = new URL(await pdf.getAttribute('href'), url).href;
		// The link has no download attribute: Chromium navigates, then
		// turns the answer (an attachment) into a download and reports
		// the navigation's request as aborted; that one, once the
		// download is there, is not a problem.
		const aborted = page.waitForEvent('requestfailed', { predicate:
		    (q) => q.url() === href, timeout: 5000 }).catch(() => null);
		await pdf.focus();
		const [download] = await Promise.all([page.waitForEvent(
		    'download'), kb.press('Enter')]);
		assert(download.url() === href, `the download is ${
		    download.url()}`);
		assert(await download.failure() === null,
		    `the download failed: ${await download.failure()}`);
		const q = await aborted;
		if (q && q.failure()?.errorText === 'net::ERR_ABORTED') {
			const i = problems.indexOf(`request failed: ${href} ${
			    q.failure().errorText}`);
			if (i >= 0)
				problems.splice(i, 1);
		}
		const pr = await page.request.get(href);
		assert(pr.status() === 200, `GET ${href}: ${pr.status()}`);
		assert(pr.headers()['content-type'] === 'application/pdf',
		    `the PDF is ${pr.headers()['content-type']}`);
		const body = await pr.body();
		assert(body.subarray(0, 5).toString() === '%PDF-',
		    'the PDF link gives no PDF');

		// A request with another school: that field is marked, and
		// the markup typed is text here too.
		let marked = '';
		if (evilN) {
			await page.goto(`${cfg.staff}/copy-request?n=${evilN}`);
			const evil = page.locator('fieldset.candidate').filter({
			    has: page.getByRole('radio', { name:
			    `${CS.record} ${recNo}`, exact: true }) });
			const m = await evil.locator('strong.differs')
			    .allInnerTexts();
			assert(m.length === 1 && m[0].startsWith(CS.differs) &&
			    m[0].endsWith('<img src=x onerror=alert(1)>') &&
			    await ddOf(evil, VI.label.school).innerText() ===
			    `${V.school} ${m[0]}` && await evil.locator(
			    'dt.differs').innerText() === VI.label.school,
			    `request ${evilN}'s record is marked: ${
			    m.join(' | ')}`);
			assert(await page.evaluate(() => document.images.length)
			    === 0, `request ${evilN}'s page has an image`);
			marked = `; request ${evilN}: ${VI.label.school} ${
			    m[0]}`;
		}
		await page.close();
		return `request ${n}: ${aid}, ${count} candidate(s), ${
		    CS.record} ${recNo} ${pre ? 'pre-' : ''}checked; ` +
		    `without the box stopped by ${stopped}; ${CS.done} ${
		    CS.approved}, ${CS.copyNo} ${copyNo}, ${
		    download.suggestedFilename()} ${body.length} bytes${marked}`;
	}, 30);
	await staffCtx.close();

	await check('approved', async () => {
		assert(statusUrl, 'no status page (sent failed)');
		assert(approvedRec, 'not approved in the console (console ' +
		    'failed)');
		const page = sentPage;
		const rec = approvedRec;
		await page.goto(statusUrl);
		const res = page.locator('#result');
		const st = await ddOf(res, VI.state).innerText();
		assert(st === VI.approved, `the state is "${st}"`);
		// The copy, from the link the page gives, as the browser
		// downloads it (Enter on the link) and as it is served.
		const dl = page.getByRole('link', { name: VI.download,
		    exact: true });
		assert(await dl.count() === 1, `no "${VI.download}" link`);
		const href = new URL(await dl.getAttribute('href'), page.url());
		assert(href.pathname === `${new URL(statusUrl).pathname}/copy.pdf`,
		    `the link points at ${href.pathname}`);
		await dl.focus();
		const [download] = await Promise.all([page.waitForEvent(
		    'download'), page.keyboard.press('Enter')]);
		const file = download.suggestedFilename();
		assert(/^ban-sao-\d+-\d{4}-BS\.pdf$/.test(file),
		    `the download is named "${file}"`);
		const r = await page.request.get(href.href);
		assert(r.status() === 200, `GET ${href.pathname}: ${r.status()}`);
		assert(r.headers()['content-type'] === 'application/pdf',
		    `the copy is ${r.headers()['content-type']}`);
		const pdf = await r.body();
		assert(pdf.subarray(0, 5).toString() === '%PDF-',
		    'the copy is not a PDF');
		// The share code, with its address for employers.
		const codes = page.locator('section.code');
		assert(await codes.count() === 1,
		    `${await codes.count()} share codes`);
		// Each code is a section named by its heading, "Mã CODE".
		const heading = codes.locator('h3');
		const code = (await heading.innerText()).replace(/^.*\s/, '');
		assert(await codes.getAttribute('aria-labelledby') ===
		    await heading.getAttribute('id'),
		    'the code\'s section is not named by its heading');
		const a = codes.locator('a[href^="/c/"]');
		assert(await a.count() === 1, 'no /c/ link for the code');
		codeHref = new URL(await a.getAttribute('href'), page.url()).href;
		const shown = await ddOf(codes, VI.until).innerText();
		assert(shown.startsWith(`${dmy(until)} `),
		    `the code is valid until ${shown}, asked ${dmy(until)}`);
		assert(await ddOf(codes, VI.state).innerText() === VI.open,
		    'the code is not open');
		// An employer opens it.
		const emp = await ctx.newPage();
		const cr = await emp.goto(codeHref);
		assert(cr.status() === 200, `${codeHref}: ${cr.status()}`);
		const h1 = await emp.locator('h1').innerText();
		assert(h1 === VI.shared, `h1 is "${h1}"`);
		const t = (await emp.locator('#result').innerText())
		    .replace(/\s+/g, ' ');
		assert(t.includes(VI.valid), `the extract says "${t}"`);
		assert(await ddOf(emp.locator('#result'), VI.label.full_name)
		    .innerText() === V.full_name, 'not the graduate\'s name');
		assert(t.includes(V.serial_no), 'not the diploma\'s serial');
		const html = await emp.content();
		for (const s of [...hidden, nationalId, good.contact])
			assert(!html.includes(s), `the extract shows "${s}"`);
		await emp.screenshot({ path: join(art, 'copy-share.png'),
		    fullPage: true });
		await emp.close();
		return `record ${rec}; ${file}, ${pdf.length} bytes; code ${
		    code} until ${shown}; the extract: ${VI.valid}, ${
		    V.full_name}`;
	}, 25);

	await check('withdraw', async () => {
		assert(statusUrl && codeHref, 'no share code (approved failed)');
		const page = sentPage;
		await page.goto(statusUrl);
		const codes = page.locator('section.code');
		const opens = await ddOf(codes, VI.opens).innerText();
		assert(/^1×/.test(opens), `opened "${opens}", not once`);
		const b = codes.getByRole('button', { name: VI.withdraw,
		    exact: true });
		assert(await b.count() === 1, `no "${VI.withdraw}" button`);
		// It cannot be undone: the box must be ticked first.
		await b.focus();
		await page.keyboard.press('Enter');
		await page.waitForTimeout(300);
		assert(page.url() === statusUrl,
		    'withdrawn without the box ticked');
		const sure = codes.getByLabel(VI.sure);
		assert(await sure.count() === 1, `no box "${VI.sure}"`);
		await sure.focus();
		await page.keyboard.press('Space');
		await b.focus();
		const [resp] = await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert(resp && resp.status() === 200 &&
		    page.url().startsWith(statusUrl), `withdrawing: ${
		    await answered(resp)}`);
		const said = await page.getByRole('status').first().innerText();
		assert(said.includes(VI.done_withdraw), `it says "${said}"`);
		const st = await ddOf(page.locator('section.code'), VI.state)
		    .innerText();
		assert(st === VI.withdrawn, `the code is "${st}"`);
		assert(await page.getByRole('button', { name: VI.withdraw })
		    .count() === 0, 'the withdraw button is still there');
		const emp = await ctx.newPage();
		expect(codeHref, 410);
		const cr = await emp.goto(codeHref);
		assert(cr.status() === 410, `${codeHref}: ${cr.status()}`);
		const t = await textOf(emp);
		assert(t.includes(VI.withdrawn), `it says "${t}"`);
		assert(!t.includes(V.full_name) && !t.includes(V.serial_no),
		    'a withdrawn code still shows the diploma');
		await emp.close();
		return `410: ${t.replace(/^.*?(Người)/, '$1')}`;
	});

	const phone = await newContext(browser, { viewport: { width: 375,
	    height: 667 }, deviceScaleFactor: 2, isMobile: true,
	    hasTouch: true });
	await check('phone', async () => {
		const page = await phone.newPage();
		const urls = [`${base}/copy`, `${base}/copy?lang=en`];
		if (statusUrl)
			urls.push(statusUrl, `${statusUrl}?lang=en`);
		const widths = [];
		for (const width of [375, 280]) {
			await page.setViewportSize({ width, height: 640 });
			for (const url of urls) {
				await page.goto(url);
				const w = await page.evaluate(() =>
				    document.documentElement.scrollWidth);
				widths.push(w);
				assert(w <= width, `${hide(url)}: scrollWidth ${
				    w} > ${width}`);
				if (width === 375 && url === statusUrl)
					await page.screenshot({ path: join(art,
					    'copy-phone.png'), fullPage: true });
			}
		}
		await page.close();
		assert(statusUrl, 'no status page to try (sent failed)');
		return `scrollWidth ${widths.join(', ')}`;
	});
	await phone.close();

	// Last, so that it covers every page loaded above.
	await check('clean', async () => {
		const page = await ctx.newPage();
		const props = (e) => {
			const s = getComputedStyle(e);
			return [s.fontFamily, s.maxWidth, s.marginLeft,
			    s.lineHeight].join(' | ');
		};
		await page.goto('about:blank');
		const plain = await page.locator('body').evaluate(props);
		await page.goto(`${base}/copy`);
		const styled = await page.locator('body').evaluate(props);
		assert(styled !== plain,
		    `the body has the default style ${plain}`);
		const clean = cleanRun(styleResponses, problems);
		assert(dialogs.length === 0, `dialogs: ${dialogs.join('; ')}`);
		await page.close();
		return `body ${styled}; ${clean}`;
	});
	await ctx.close();
} finally {
	await browser.close();
}
