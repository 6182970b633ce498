// harness.mjs: what the headless Chromium tests (verify_page.mjs,
// console_review.mjs, copy_request.mjs) share: the results file, a check
// with its timeout, and the watcher of what the pages say and load.
import { appendFileSync, writeFileSync } from 'node:fs';

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
