// AList's own web page (the OpenList front end, dist/lite) against
// usergate: the flow of issue 16 item 7, driven in Debian's chromium by
// playwright-core.  Run by t/18-alist-web.t, which starts the stack and
// serves the page through nginx; prints TAP, and keeps a screenshot in
// ARTIFACTS when a step fails.
//
//   node alist-web.js BASE_URL ARTIFACTS
//   env: UG_PLAYWRIGHT (the playwright-core module), UG_CHROMIUM,
//        OTP_SECRET (of the user "otpuser", password "otppw", enrolled)
'use strict';
const crypto = require('crypto');
const { chromium } = require(process.env.UG_PLAYWRIGHT || 'playwright-core');

const base = process.argv[2];
const artifacts = process.argv[3];
let n = 0, failed = 0, page;

function ok(cond, name) {
	n++;
	if (!cond)
		failed++;
	console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
	return cond;
}

// RFC 6238 in the test's own words (HMAC-SHA1, 30 s, 6 digits).
function totp(secret, t) {
	const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of secret.replace(/=+$/, ''))
		bits += alpha.indexOf(ch).toString(2).padStart(5, '0');
	const key = Buffer.alloc(Math.floor(bits.length / 8));
	for (let i = 0; i < key.length; i++)
		key[i] = parseInt(bits.substr(i * 8, 8), 2);
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
	const h = crypto.createHmac('sha1', key).update(msg).digest();
	const o = h[h.length - 1] & 0xf;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Waits for the answer to the API call path (a prefix) that fn causes.
async function api(path, fn) {
	const [resp] = await Promise.all([
		page.waitForResponse(r => new URL(r.url()).pathname.startsWith('/api' + path),
		    { timeout: 15000 }),
		fn(),
	]);
	let body = null;
	try { body = JSON.parse(await resp.text()); } catch (e) { body = null; }
	return { resp, body, req: resp.request() };
}

async function login(name, pw) {
	await page.goto(base + '/@login', { waitUntil: 'networkidle' });
	await page.getByPlaceholder('Input your username').fill(name);
	await page.getByPlaceholder('Input your password').fill(pw);
	return api('/auth/login', () =>
	    page.getByRole('button', { name: 'Login', exact: true }).click());
}

function row(name) {
	return page.locator('tr', { has: page.locator('td', { hasText: new RegExp('^' + name + '$') }) });
}

async function step(name, fn) {
	try {
		await fn();
	} catch (e) {
		ok(false, `${name}: ${String(e.message || e).split('\n')[0]}`);
	}
	if (failed && artifacts) {
		const f = `${artifacts}/fail-${n}.png`;
		await page.screenshot({ path: f, fullPage: true }).catch(() => {});
		console.log(`# screenshot: ${f}`);
		return false;
	}
	return true;
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.UG_CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
	});
	page = await browser.newPage();
	page.setDefaultTimeout(15000);
	let r;
	const steps = [
	['log in', async () => {
		r = await login('root', 'rootpw');
		ok(r.req.url().endsWith('/api/auth/login/hash'),
		    'the page logs in through /api/auth/login/hash');
		ok(r.body && r.body.code === 200 && /^[0-9a-f]{32}$/.test(r.body.data.token),
		    'login: code 200 and a token');
		await page.waitForURL(u => !u.pathname.startsWith('/@login'));
		ok(true, 'login: the page leaves the login form');
	}],
	['the users page', async () => {
		r = await api('/admin/user/list', () =>
		    page.goto(base + '/@manage/users'));
		ok(r.body && r.body.code === 200 && r.body.data.total >= 1,
		    'users page: the list answers');
		await row('root').waitFor();
		ok(true, 'users page: root is listed');
	}],
	['add a user', async () => {
		await page.getByRole('button', { name: 'Add', exact: true }).click();
		await page.waitForURL(/\/@manage\/users\/add/);
		await page.locator('#username').fill('webuser');
		await page.locator('#password').fill('webpw');
		await page.getByText('Rename', { exact: true }).click();
		r = await api('/admin/user/create', () =>
		    page.getByRole('button', { name: 'Add', exact: true }).last().click());
		ok(r.body && r.body.code === 200, 'add: create answers code 200');
		const sent = JSON.parse(r.req.postData());
		ok(sent.username === 'webuser' && sent.permission > 0,
		    'add: the form posted the name and the permission');
		await page.goto(base + '/@manage/users');
		await row('webuser').waitFor();
		ok(true, 'add: the new user is listed');
	}],
	['edit and disable the user', async () => {
		r = await api('/admin/user/get', () =>
		    row('webuser').getByRole('button', { name: 'Edit' }).click());
		ok(r.body && r.body.code === 200 && r.body.data.username === 'webuser',
		    'edit: get answers the user');
		await page.locator('#base_path').waitFor();
		await page.getByText('Disabled', { exact: true }).click();
		r = await api('/admin/user/update', () =>
		    page.getByRole('button', { name: 'Save', exact: true }).click());
		ok(r.body && r.body.code === 200, 'edit: update answers code 200');
		const sent = JSON.parse(r.req.postData());
		ok(sent.disabled === true && sent.password === '',
		    'edit: disabled posted, the password left empty');
		/*
		 * Reloaded, the page lists the users again: its row says so.
		 * (Not the list's response: the page also refreshes the list
		 * after a save, and a response of the document the reload
		 * replaces has no body left to read.)
		 */
		await page.goto(base + '/@manage/users', { waitUntil: 'networkidle' });
		await row('webuser').getByText(/^no$/i).waitFor();
		ok(true, 'edit: the list shows the user disabled');
	}],
	['delete the user', async () => {
		await row('webuser').getByRole('button', { name: 'Delete' }).click();
		r = await api('/admin/user/delete', () =>
		    page.getByRole('button', { name: 'Confirm' }).click());
		ok(r.body && r.body.code === 200, 'delete: code 200');
		await row('webuser').waitFor({ state: 'detached' });
		ok(true, 'delete: the user is gone from the list');
	}],
	['log out', async () => {
		r = await api('/auth/logout', () =>
		    page.getByRole('button', { name: 'logout' }).first().click());
		ok(r.body && r.body.code === 200, 'logout: code 200');
		await page.waitForURL(/\/@login/);
		ok(true, 'logout: back at the login form');
	}],
	['the one-time code', async () => {
		r = await login('otpuser', 'otppw');
		ok(r.body && r.body.code === 402, 'two-factor: the login answers 402');
		const field = page.getByPlaceholder(/2FA|OTP|code/i);
		await field.waitFor();
		ok(true, 'two-factor: the page asks for the code');
		await field.fill(totp(process.env.OTP_SECRET, Date.now() / 1000 + 30));
		r = await api('/auth/login', () =>
		    page.getByRole('button', { name: 'Login', exact: true }).click());
		ok(r.body && r.body.code === 200 && JSON.parse(r.req.postData()).otp_code,
		    'two-factor: the code logs in');
		await page.waitForURL(u => !u.pathname.startsWith('/@login'));
		ok(true, 'two-factor: the page leaves the login form');
	}],
	];
	for (const [name, fn] of steps)
		if (!await step(name, fn))
			break;
	await browser.close();
	console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
})().catch(e => {
	console.log(`not ok ${++n} - the browser: ${e.message}`);
	console.log(`1..${n}`);
	process.exit(1);
});
