// harness.mjs: what the headless Chromium tests (verify_page.mjs,
// console_review.mjs, copy_request.mjs, keypage.mjs) share: their command
// line, the results file, a check with its timeout, the browser, and the
// watcher of what the pages say and load.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from
    'node:fs';

// results FILE [WIDTH]: FILE emptied; result(OK, ID, DETAIL) then adds a
// line "ok<TAB>ID<TAB>detail" or "fail<TAB>ID<TAB>why" to it, the detail
// on one line and cut to WIDTH characters; check(ID, FN [, SECONDS]) is
// check() below, recording there.
export function results(file, width = 400) {
	writeFileSync(file, '');
	const result = (ok, id, detail) => appendFileSync(file,
	    `${ok ? 'ok' : 'fail'}\t${id}\t${String(detail)
	    .replace(/\s+/g, ' ').slice(0, width)}\n`);
	return {
		result,
		check: (id, fn, seconds) => check(result, id, fn, seconds),
	};
}

// timed FN SECONDS: what FN resolves to, or an error "timed out after
// SECONDS s" if it takes longer.
export async function timed(fn, seconds) {
	let timer;
	try {
		return await Promise.race([fn(), new Promise((_, rej) => {
			timer = setTimeout(() => rej(new Error(
			    `timed out after ${seconds} s`)), seconds * 1000);
		})]);
	} finally {
		clearTimeout(timer);
	}
}

// check RESULT ID FN [SECONDS]: run FN, record its outcome with RESULT; a
// check never stops the others.
export async function check(result, id, fn, seconds = 15) {
	const t0 = Date.now();
	try {
		const detail = await timed(fn, seconds);
		result(true, id, `${detail ?? ''} (${Date.now() - t0} ms)`);
	} catch (e) {
		result(false, id, e && e.message ? e.message.split('\n')[0] : e);
	}
}

// watcher: everything the pages say in the console, every page error,
// dialog, failed request and CSP violation, over the whole run, in
// problems and dialogs; every answer for /style.css in styleResponses.  A
// status a test provokes on purpose (a form refused, a withdrawn code)
// makes Chromium log "Failed to load resource"; those, and only those,
// are expected: expect(URL, STATUS) before provoking one.  watch(PAGE)
// follows a page; newContext(BROWSER, OPTS) makes a context whose pages
// are all followed.
export function watcher() {
	const problems = [];
	const dialogs = [];
	const styleResponses = [];
	const expected = new Set();
	const expect = (url, status) => expected.add(`${status} ${url}`);
	function watch(page) {
		page.on('console', (m) => {
			if (m.type() !== 'error')
				return;
			const s = m.text().match(new RegExp('^Failed to load ' +
			    'resource: the server responded with a status of ' +
			    '(\\d+)'));
			if (s && expected.has(`${s[1]} ${m.location().url}`))
				return;
			problems.push(`console error on ${page.url()}: ${
			    m.text()}`);
		});
		page.on('pageerror', (e) => problems.push(
		    `page error: ${e.message}`));
		page.on('requestfailed', (r) => problems.push(
		    `request failed: ${r.url()} ${r.failure()?.errorText}`));
		page.on('response', (r) => {
			if (new URL(r.url()).pathname === '/style.css')
				styleResponses.push(r);
		});
		page.on('dialog', (d) => {
			dialogs.push(`${d.type()}: ${d.message()}`);
			d.dismiss().catch(() => {});
		});
	}
	async function newContext(browser, opts = {}) {
		const ctx = await browser.newContext({ locale: 'vi-VN',
		    ...opts });
		// Test instrumentation (not page script): report CSP
		// violations in the console, where the listener above
		// counts them.
		await ctx.addInitScript(() => document.addEventListener(
		    'securitypolicyviolation', (e) => console.error(
		    `CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
		ctx.on('page', watch);
		return ctx;
	}
	return { problems, dialogs, styleResponses, expect, watch,
	    newContext };
}

// stepper RESULT: step(ID, SECONDS, FN) runs FN and records its outcome
// with RESULT, unless an earlier step failed: steps that depend on each
// other (console_review.mjs, keypage.mjs) are then reported as not run.
export function stepper(result) {
	let failed = false;
	return async function step(id, seconds, fn) {
		if (failed) {
			result(false, id, 'not run: an earlier step failed');
			return;
		}
		const t0 = Date.now();
		try {
			const detail = await timed(fn, seconds);
			result(true, id, `${detail ?? ''} (${Date.now() - t0} ms)`);
		} catch (e) {
			failed = true;
			result(false, id, e && e.message ?
			    e.message.split('\n')[0] : e);
		}
	};
}

// staffPage BROWSER PROBLEMS [IGNORE]: a Vietnamese 1400x900 page of a new
// context; every console error (but those whose text IGNORE matches),
// page error, failed request and CSP violation is added to PROBLEMS.
export async function staffPage(browser, problems, ignore) {
	const ctx = await browser.newContext({ locale: 'vi-VN',
	    viewport: { width: 1400, height: 900 } });
	await ctx.addInitScript(() => document.addEventListener(
	    'securitypolicyviolation', (e) => console.error(
	    `CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error' && !(ignore && ignore.test(m.text())))
			problems.push(`console error on ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) => problems.push(
	    `request failed: ${r.url()} ${r.failure()?.errorText}`));
	return { ctx, page };
}

// assert COND WHY: throws WHY unless COND.
export function assert(cond, why) {
	if (!cond)
		throw new Error(why);
}

// staffBrowser CHROMIUM: Debian's Chromium, headless, as the staff console
// tests run it (CHROMIUM: playwright-core's chromium).
export function staffBrowser(chromium) {
	return chromium.launch({ executablePath: '/usr/bin/chromium',
	    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

// nothingRan PAGE DIALOGS: the hostile input PAGE shows made no image,
// script or onerror attribute in it, and no dialog opened (DIALOGS: the
// watcher()'s).
export async function nothingRan(page, dialogs) {
	const made = await page.evaluate(() => [document.images.length,
	    document.scripts.length,
	    document.querySelectorAll('[onerror]').length]);
	assert(made.join() === '0,0,0',
	    `the page has img,script,[onerror] = ${made}`);
	assert(dialogs.length === 0, `dialogs: ${dialogs.join('; ')}`);
}

// cleanRun STYLES PROBLEMS: the watcher()'s STYLES, every answer for
// /style.css, are 200 and there was one at least, and its PROBLEMS none;
// says so.
export function cleanRun(styleResponses, problems) {
	assert(styleResponses.length > 0 &&
	    styleResponses.every((r) => r.status() === 200),
	    `/style.css answered ${styleResponses.map((r) => r.status())}`);
	assert(problems.length === 0, problems.join(' | '));
	return `${styleResponses.length} stylesheet loads, no console ` +
	    'errors or CSP violations';
}

// publicBrowser CHROMIUM: Debian's Chromium, headless, as the tests of
// the public pages run it, with nothing of its own on the network
// (CHROMIUM: playwright-core's chromium).
export function publicBrowser(chromium) {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-quic', '--no-first-run',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
}

// importFolder PAGE FOLDER YEAR MS: from the staff console's navigation,
// the import of FOLDER (graduation YEAR) started and followed to its end
// (at most MS); what the import says then.
export async function importFolder(page, folder, year, ms) {
	await page.locator('header nav').getByRole('link',
	    { name: 'Nhập bản quét' }).click();
	await page.locator('#folder').selectOption(folder);
	await page.locator('#year').fill(String(year));
	await Promise.all([page.waitForURL(/\/import\?job=/),
	    page.getByRole('button', { name: 'Bắt đầu đọc' }).click()]);
	// The page follows the import and reloads itself when done.
	await page.locator('#jobtext', { hasText: 'Xong' }).waitFor({
	    timeout: ms });
	return page.locator('#jobtext').innerText();
}

// scriptArgs NAME [WIDTH]: the CONFIG.json and RESULTS of a browser
// test's command line (exit 2 without them): the config read, its
// artefacts folder made, and the results file (results(), WIDTH wide)
// opened.
export function scriptArgs(name, width = 600) {
	const [configFile, resultsFile] = process.argv.slice(2);
	if (!configFile || !resultsFile) {
		console.error(`usage: node ${name} CONFIG.json RESULTS`);
		process.exit(2);
	}
	const cfg = JSON.parse(readFileSync(configFile, 'utf8'));
	mkdirSync(cfg.artefacts, { recursive: true });
	return { cfg, resultsFile, ...results(resultsFile, width) };
}

// clean PROBLEMS: throws the problems a page had (staffPage()), else says
// there were none.
export function clean(problems) {
	assert(problems.length === 0, problems.join(' | '));
	return 'no console error, page error, failed request or CSP violation';
}
