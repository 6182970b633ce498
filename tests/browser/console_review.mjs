// console_review.mjs: the staff console of a running `sogoc serve`, end to
// end in a real (headless) Chromium through playwright-core, the way a
// reviewer works: sign in, import a scanned ledger page, review its flagged
// fields with the keyboard only (one of them corrected), publish the page;
// then the public API verifies a record of the page with the corrected
// value.  Run by tests/console_browser.sh, which makes the registry and the
// account and starts the server.
//
//   node console_review.mjs CONFIG.json RESULTS
//
// CONFIG.json: { "staff": URL, "public": URL, "artefacts": DIR,
//   "name": ACCOUNT, "password": PW, "folder": FOLDER, "year": YEAR,
//   "truth": the page's ground truth (scans/golden/*.json) }
//
// RESULTS gets one line per check: "ok<TAB>ID<TAB>detail" or
// "fail<TAB>ID<TAB>why"; the shell script turns them into TAP points and
// counts a check with no line as failed.  The steps depend on each other:
// after the first failure the rest are reported as not run.
import { chromium } from 'playwright-core';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, clean, importFolder, scriptArgs, staffBrowser,
    staffPage, stepper } from './harness.mjs';

const { cfg, resultsFile, result } = scriptArgs('console_review.mjs');

// What the receipt discloses, for checking the corrected value there.
const DISCLOSED = ['full_name', 'date_of_birth', 'classification',
    'serial_no', 'register_no'];

// step ID SECONDS FN: run FN unless an earlier step failed.
const step = stepper(result);

const problems = [];
const browser = await staffBrowser(chromium);
try {
	const { ctx, page } = await staffPage(browser, problems);
	const kb = page.keyboard;

	await step('login', 20, async () => {
		await page.goto(`${cfg.staff}/`);
		assert(new URL(page.url()).pathname === '/login',
		    `signed out, / went to ${page.url()}`);
		await page.getByLabel('Tên tài khoản', { exact: true }).focus();
		await kb.type(cfg.name);
		await kb.press('Tab');
		assert(await page.evaluate(() => document.activeElement.id) ===
		    'password', 'Tab from the name does not reach the password');
		await kb.type(cfg.password);
		await Promise.all([page.waitForURL(`${cfg.staff}/`),
		    kb.press('Enter')]);
		const c = (await ctx.cookies()).find((k) =>
		    k.name === 'sogoc_staff');
		assert(c && c.httpOnly && c.sameSite === 'Strict',
		    `session cookie ${JSON.stringify(c)}`);
		return 'signed in by keyboard; cookie HttpOnly, SameSite=Strict';
	});

	await step('import', 240, async () => {
		const t = await importFolder(page, cfg.folder, cfg.year,
		    230000);
		const m = t.match(/(\d+) dòng đưa vào hàng chờ, (\d+) dòng cần/);
		assert(m && Number(m[1]) > 0 && Number(m[2]) > 0,
		    `the import says: ${t}`);
		return t;
	});

	let cells = [];
	await step('screen', 30, async () => {
		await page.goto(`${cfg.staff}/`);
		await Promise.all([page.waitForURL(/\/page\?id=/),
		    page.getByRole('link', { name: 'Duyệt' }).first().click()]);
		await page.waitForLoadState('load');
		await page.screenshot({ path: join(cfg.artefacts,
		    'staff-review.png'), fullPage: true });
		const n = await page.locator('form.cell:not(.done)').count();
		assert(n > 0, 'no flagged cell on the page');
		const first = await page.evaluate(() => {
			const a = document.activeElement;
			return a.name === 'value' && a.form ===
			    document.querySelector('form.cell:not(.done)');
		});
		assert(first, 'the first flagged cell\'s input is not focused');
		const broken = await page.evaluate(() =>
		    [...document.images].filter((i) => !i.complete ||
		    i.naturalWidth === 0).map((i) => i.src));
		assert(broken.length === 0, `images not shown: ${broken}`);
		assert(await page.locator('#hlcell').isVisible(),
		    'the cell is not outlined on the page image');
		cells = await page.locator('form.cell:not(.done)').evaluateAll(
		    (fs) => fs.map((f) => ({ id: f.elements.id.value,
		    field: f.elements.field.value,
		    ocr: f.elements.value.value })));
		return `${n} flagged cells, the first focused, ` +
		    `${await page.locator('img').count()} images shown`;
	});

	// The true value of a cell, from the page's ground truth, as the
	// ledger writes it: a date of birth as d/m/yyyy, as the screen shows
	// and a reviewer types it (the registry keeps it in ISO).
	const truth = (c) => {
		const [, pg, row] = c.id.split(':').map(Number);
		const r = cfg.truth.pages[pg - 1].rows.find((x) =>
		    x.row === row);
		const v = r.fields[c.field].value;
		const m = c.field === 'date_of_birth' &&
		    v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
		return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : v;
	};
	// A wrong value the field still accepts.
	const wrong = (f, v) => ({
		date_of_birth: v === '1/1/1990' ? '2/2/1991' : '1/1/1990',
		sex: v === 'Nam' ? 'Nữ' : 'Nam',
		classification: v === 'Khá' ? 'Giỏi' : 'Khá',
		ethnicity: v === 'Kinh' ? 'Tày' : 'Kinh',
		serial_no: /\d$/.test(v) ? v.replace(/\d$/, (d) =>
		    String((Number(d) + 1) % 10)) : `${v}1`,
		register_no: /\d$/.test(v) ? v.replace(/\d$/, (d) =>
		    String((Number(d) + 1) % 10)) : `${v}1`,
	})[f] ?? `${v}x`;
	const saved = async (i) => page.waitForFunction((k) =>
	    document.querySelectorAll('form.cell')[k].classList.contains(
	    'done') && !document.querySelectorAll('form.cell')[k]
	    .classList.contains('busy'), i);
	const index = async (c) => page.evaluate((id) => [...document
	    .querySelectorAll('form.cell')].findIndex((f) =>
	    f.elements.id.value === id[0] && f.elements.field.value ===
	    id[1]), [c.id, c.field]);
	// The value typed over the selection: Ctrl+A, then the text (or
	// Delete for an empty cell).
	const retype = async (v) => {
		await kb.press('Control+A');
		if (v === '')
			await kb.press('Delete');
		else
			await kb.type(v);
		return 1 + (v === '' ? 1 : [...v].length);
	};

	const times = [];
	let keys = 0, corrected = null, fixed = 0, illegible = false;
	await step('correct', 30, async () => {
		// The corrected cell: a disclosed field if one is flagged.
		corrected = cells.find((c) => DISCLOSED.includes(c.field)) ??
		    cells[0];
		const i = await index(corrected);
		const t = truth(corrected);
		await page.locator('form.cell').nth(i).locator(
		    'input[name=value]').focus();
		// A slip first: a wrong value saved ...
		let k = await retype(wrong(corrected.field, t));
		await kb.press('Enter');
		await saved(i);
		assert(await page.locator('form.cell').nth(i).evaluate((f) =>
		    f.elements.seen_status.value) === 'set',
		    'the slip was not saved');
		// ... then back with Shift-Tab (over the cell's two buttons)
		// and put right.
		for (let j = 0; j < 3; j++)
			await kb.press('Shift+Tab');
		const back = await page.evaluate((n) => document.activeElement ===
		    document.querySelectorAll('form.cell')[n].elements.value, i);
		assert(back, 'Shift-Tab three times does not come back to the ' +
		    'cell');
		const t0 = performance.now();
		k += 3 + await retype(t);
		await kb.press('Enter');
		await page.waitForFunction(([n, v]) => {
			const f = document.querySelectorAll('form.cell')[n];
			return !f.classList.contains('busy') &&
			    f.elements.seen.value === v &&
			    f.elements.seen_status.value === 'set';
		}, [i, t]);
		times.push(performance.now() - t0);
		keys += k + 2;
		const msg = await page.locator('form.cell').nth(i).locator(
		    '.msg').innerText();
		return `${corrected.field} of ${corrected.id}: OCR ` +
		    `«${corrected.ocr}», a slip «${wrong(corrected.field, t)}», ` +
		    `then «${t}»: ${msg}`;
	});

	await step('review', 120, async () => {
		const rest = cells.filter((c) => c !== corrected);
		for (let n = 0; n < rest.length; n++) {
			const c = rest[n], i = await index(c), t = truth(c);
			const input = page.locator('form.cell').nth(i).locator(
			    'input[name=value]');
			// The script has moved the cursor here after the last
			// save, except after the deliberate correction.
			if (!await input.evaluate((e) => e ===
			    document.activeElement))
				await input.focus();
			if (n === rest.length - 1)
				assert(await page.locator('#publish')
				    .isDisabled(), 'Publish is enabled before ' +
				    'the last cell is saved');
			const t0 = performance.now();
			let k = 1;
			if (c.field === 'notes' && t === '' && c.ocr !== '' &&
			    !illegible) {
				// Ink from the signature column: F2, illegible.
				await kb.press('F2');
				await saved(i);
				illegible = await page.locator('form.cell')
				    .nth(i).evaluate((f) =>
				    f.elements.seen_status.value) === 'illegible';
				assert(illegible, 'F2 did not mark the cell ' +
				    'illegible');
				times.push(performance.now() - t0);
				keys += k;
				continue;
			}
			if (c.ocr !== t) {
				k += await retype(t);
				fixed++;
			}
			await kb.press('Enter');
			await saved(i);
			times.push(performance.now() - t0);
			keys += k;
		}
		const left = await page.locator('#remaining').innerText();
		assert(left === '0', `${left} cells still to review`);
		assert(await page.locator('#publish').isEnabled(),
		    'Publish is still disabled');
		assert(await page.evaluate(() => document.activeElement.id) ===
		    'publish', 'the cursor is not on Publish after the last cell');
		await page.screenshot({ path: join(cfg.artefacts,
		    'staff-review-done.png'), fullPage: true });
		const s = [...times].sort((a, b) => a - b);
		const med = s[Math.floor(s.length / 2)];
		appendFileSync(resultsFile, `timing\t${times.length}\t${med
		    .toFixed(1)}\t${times.reduce((a, b) => a + b, 0).toFixed(0)}` +
		    `\t${keys}\t${fixed + 1}\n`);
		return `${times.length} cells by keyboard (${fixed} more ` +
		    `corrected to the truth, ${illegible ? 1 : 0} illegible by ` +
		    `F2), median ${med.toFixed(1)} ms a cell, ${keys} keystrokes`;
	});

	let published = 0;
	await step('publish', 30, async () => {
		await Promise.all([page.waitForURL(/published=/),
		    kb.press('Enter')]);
		const t = await page.locator('p.ok').innerText();
		const m = t.match(/Đã công bố (\d+) hồ sơ/);
		assert(m && Number(m[1]) > 0, `after publishing: ${t}`);
		published = Number(m[1]);
		return t;
	});

	await step('verify', 20, async () => {
		const [, pg, row] = corrected.id.split(':').map(Number);
		const f = cfg.truth.pages[pg - 1].rows.find((x) =>
		    x.row === row).fields;
		const q = new URLSearchParams({ serial: f.serial_no.value,
		    name: f.full_name.value, dob: f.date_of_birth.value });
		const pub = await ctx.newPage();
		const r = await pub.goto(`${cfg.public}/api/v1/verify?${q}`);
		const j = await r.json();
		await pub.close();
		assert(j.status === 'valid', `the public API says ${j.status}`);
		if (DISCLOSED.includes(corrected.field))
			assert(j.disclosed[corrected.field].value ===
			    f[corrected.field].value, `${corrected.field} is ` +
			    `${j.disclosed[corrected.field].value}`);
		return `row ${row}: valid, ${corrected.field} ` +
		    `«${DISCLOSED.includes(corrected.field) ?
		    j.disclosed[corrected.field].value : '(not disclosed)'}»; ` +
		    `${published} records published`;
	});

	await step('clean', 5, async () => clean(problems));
	await ctx.close();
} finally {
	await browser.close();
}
