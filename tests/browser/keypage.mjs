// keypage.mjs: a page OCR cannot read, end to end in a real (headless)
// Chromium through playwright-core (issue 14, "nothing is lost"): a
// reviewer imports a folder holding a photographed page that is no ledger
// table, finds it in the queue as a page to key by hand, keys two rows
// with the keyboard beside the page image (a slip refused by name, every
// other value kept, then corrected), saves, publishes the page; the public
// verification page then finds the diploma keyed.  Run by
// tests/keypage_browser.sh, which makes the registry and the account and
// starts the server.
//
//   node keypage.mjs CONFIG.json RESULTS
//
// CONFIG.json: { "staff": URL, "public": URL, "artefacts": DIR,
//   "name": ACCOUNT, "password": PW, "folder": FOLDER, "year": YEAR }
// RESULTS: one line per check, as console_review.mjs writes them.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { assert, clean, importFolder, scriptArgs, staffBrowser,
    staffPage, stepper } from './harness.mjs';

const { cfg, result } = scriptArgs('keypage.mjs');

// The two entries keyed, in the order of the form's inputs.
const ROWS = [
	{ full_name: 'Nguyễn Thị Hoà', date_of_birth: '7/3/1980',
	  place_of_birth: 'Nghệ An', sex: 'Nữ', ethnicity: 'Kinh',
	  school: 'THPT Phan Bội Châu', classification: 'Khá',
	  serial_no: 'C0456789', register_no: '123/1998', notes: '' },
	{ full_name: 'Lê Văn Tám', date_of_birth: '31/2/1981', sex: 'Nam',
	  serial_no: 'C0456790' },
];
const GOOD_DOB2 = '28/2/1981';

const step = stepper(result);

const problems = [];
const browser = await staffBrowser(chromium);
try {
	// The refused save answers 400 on purpose.
	const { ctx, page } = await staffPage(browser, problems,
	    /status of 400/);
	const kb = page.keyboard;
	const focused = () => page.evaluate(() => document.activeElement.id);

	await step('login', 20, async () => {
		await page.goto(`${cfg.staff}/`);
		await page.getByLabel('Tên tài khoản', { exact: true }).focus();
		await kb.type(cfg.name);
		await kb.press('Tab');
		await kb.type(cfg.password);
		await Promise.all([page.waitForURL(`${cfg.staff}/`),
		    kb.press('Enter')]);
		return 'signed in by keyboard';
	});

	await step('import', 120, async () => {
		const t = await importFolder(page, cfg.folder, cfg.year,
		    110000);
		assert(/1 trang OCR không đọc được cần nhập tay/.test(t),
		    `the import says: ${t}`);
		return t;
	});

	let nrows = 0;
	await step('queue', 20, async () => {
		await page.goto(`${cfg.staff}/`);
		const row = page.locator('table.pages tr', { hasText:
		    'cần nhập tay' });
		assert(await row.count() === 1, 'the page to key is not in ' +
		    'the queue');
		const t = (await row.innerText()).replace(/\s+/g, ' ');
		await Promise.all([page.waitForURL(/\/page\?id=/),
		    row.getByRole('link', { name: 'Nhập tay' }).click()]);
		await page.waitForLoadState('load');
		nrows = await page.locator('fieldset.keyrow').count();
		assert(nrows >= 2, `${nrows} rows in the form`);
		assert(await focused() === 'r1-full_name',
		    `the cursor is on ${await focused()}, not row 1's name`);
		const img = page.locator('section.sheet img');
		assert(await img.evaluate((i) => i.complete &&
		    i.naturalWidth > 0), 'the page image is not shown');
		await page.screenshot({ path: join(cfg.artefacts,
		    'staff-keypage.png'), fullPage: true });
		return `${t}; a form of ${nrows} rows beside the page image`;
	});

	// type ROW VALUES: each value of row i typed into its input, Tab
	// between them; every Tab must land on the next input, by label.
	let keys = 0;
	async function typeRow(i, values) {
		const inputs = await page.locator(`fieldset.keyrow`).nth(i - 1)
		    .locator('input').evaluateAll((es) => es.map((e) => e.id));
		await page.locator(`#${inputs[0]}`).focus();
		for (let k = 0; k < inputs.length; k++) {
			const key = inputs[k].replace(/^r\d+-/, '');
			const label = await page.locator(`label[for=${inputs[k]}]`)
			    .innerText();
			assert(label.length > 0, `${inputs[k]} has no label`);
			assert(await focused() === inputs[k],
			    `the cursor is on ${await focused()}, not ${inputs[k]}`);
			if (values[key]) {
				await kb.type(values[key]);
				keys += [...values[key]].length;
			}
			await kb.press('Tab');
			keys++;
		}
	}

	await step('key', 60, async () => {
		await typeRow(1, ROWS[0]);
		await typeRow(2, ROWS[1]);
		// Saved by keyboard: the save button, then Enter.
		await page.locator('#keysave').focus();
		await Promise.all([page.waitForLoadState('load'),
		    page.waitForResponse((r) => r.url().endsWith('/key')),
		    kb.press('Enter')]);
		const alert = await page.locator('#refused').innerText();
		assert(/Dòng 2 · Ngày sinh: «31\/2\/1981» giá trị không hợp lệ/
		    .test(alert), `the refusal says: ${alert}`);
		assert(await page.locator('#r1-school').inputValue() ===
		    ROWS[0].school, 'row 1 lost its values');
		assert(await page.locator('#r2-full_name').inputValue() ===
		    ROWS[1].full_name, 'row 2 lost its name');
		assert(await page.locator('#r2-date_of_birth')
		    .getAttribute('aria-invalid') === 'true',
		    'the bad date is not marked invalid');
		assert(await focused() === 'r2-date_of_birth',
		    `after the refusal the cursor is on ${await focused()}`);
		// The slip corrected where the cursor is, then saved.
		await kb.press('Control+A');
		await kb.type(GOOD_DOB2);
		keys += 1 + GOOD_DOB2.length;
		await page.locator('#keysave').focus();
		await Promise.all([page.waitForURL(/keyed=2/),
		    kb.press('Enter')]);
		const t = await page.locator('p.ok').innerText();
		return `2 rows keyed in ${keys} keystrokes (one slip refused ` +
		    `by name, every value kept): ${t}`;
	});

	let published = 0;
	await step('publish', 30, async () => {
		const pub = page.locator('#publish');
		assert(await pub.isEnabled(), 'Publish is disabled');
		await pub.focus();
		await Promise.all([page.waitForURL(/published=/),
		    kb.press('Enter')]);
		const t = await page.locator('p.ok').first().innerText();
		const m = t.match(/Đã công bố (\d+) hồ sơ/);
		assert(m && Number(m[1]) === 2, `after publishing: ${t}`);
		published = Number(m[1]);
		return t;
	});

	await step('verify', 30, async () => {
		const v = await ctx.newPage();
		await v.goto(`${cfg.public}/`);
		await v.getByLabel('Số hiệu văn bằng', { exact: true }).focus();
		await v.keyboard.type(ROWS[1].serial_no);
		await v.keyboard.press('Tab');
		await v.keyboard.type(ROWS[1].full_name);
		await v.keyboard.press('Tab');
		await v.keyboard.type(GOOD_DOB2);
		await Promise.all([v.waitForURL(/[?&]serial=/),
		    v.keyboard.press('Enter')]);
		await v.waitForLoadState('load');
		const t = (await v.locator('#result').innerText())
		    .replace(/\s+/g, ' ');
		await v.screenshot({ path: join(cfg.artefacts,
		    'keypage-verified.png'), fullPage: true });
		await v.close();
		assert(t.includes('Văn bằng hợp lệ') &&
		    t.includes(ROWS[1].full_name), `the page says: ${t}`);
		return `${published} published; the public page: ` +
		    t.slice(0, 80);
	});

	await step('clean', 5, async () => clean(problems));
	await ctx.close();
} finally {
	await browser.close();
}
