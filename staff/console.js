/*
 * The staff console's keyboard flow.  Each flagged cell is a form that
 * works without this script; with it, Enter saves the cell (as it is:
 * confirmed; changed: corrected) and moves to the next, F2 marks it
 * illegible, Tab and Shift-Tab move as usual, and the page image shows
 * the row and cell being reviewed.
 */
'use strict';
(function () {
	var hlrow = document.getElementById('hlrow');
	var hlcell = document.getElementById('hlcell');
	var publish = document.getElementById('publish');
	var remaining = document.getElementById('remaining');

	function place(el, box) {
		var p = (box || '').split(',');
		if (!el || p.length !== 4) {
			if (el)
				el.hidden = true;
			return;
		}
		el.style.left = p[0] + '%';
		el.style.top = p[1] + '%';
		el.style.width = p[2] + '%';
		el.style.height = p[3] + '%';
		el.hidden = false;
	}

	function show(form) {
		place(hlrow, form.dataset.row);
		place(hlcell, form.dataset.box);
		if (hlcell && !hlcell.hidden)
			hlcell.scrollIntoView({ block: 'center',
			    inline: 'nearest' });
	}

	function cells() {
		return Array.prototype.slice.call(
		    document.querySelectorAll('form.cell'));
	}

	function next(form) {
		var all = cells(), i = all.indexOf(form), j, f;
		for (j = 1; j <= all.length; j++) {
			f = all[(i + j) % all.length];
			if (!f.classList.contains('done')) {
				f.elements.value.focus();
				f.elements.value.select();
				return;
			}
		}
		if (publish && !publish.disabled)
			publish.focus();
	}

	function save(form, action) {
		var input = form.elements.value;
		var msg = form.querySelector('.msg');
		var body = new URLSearchParams();
		Array.prototype.forEach.call(form.elements, function (e) {
			if (e.name && e.name !== 'action' && e.name !== 'value')
				body.append(e.name, e.value);
		});
		body.append('value', input.value.normalize('NFC'));
		body.append('action', action);
		form.classList.add('busy');
		/* Not form.action: the buttons named action shadow it. */
		fetch(form.getAttribute('action'), { method: 'POST', body: body,
		    headers: { 'Accept': 'application/json' },
		    credentials: 'same-origin' }).then(function (r) {
			return r.json().then(function (j) {
				return { ok: r.ok, j: j };
			});
		}).then(function (x) {
			form.classList.remove('busy');
			if (!x.ok) {
				form.classList.add('bad');
				input.setAttribute('aria-invalid', 'true');
				msg.textContent = x.j.error;
				if (x.j.signin)
					location.href = '/login?next=' +
					    encodeURIComponent(location
					    .pathname + location.search);
				return;
			}
			form.classList.remove('bad');
			form.classList.add('done');
			input.removeAttribute('aria-invalid');
			/* Keyed blind: the others key it now. */
			if (x.j.status === 'keyed' ||
			    x.j.status === 'disputed') {
				input.readOnly = true;
			} else {
				/* The value as stored (normalised). */
				input.value = x.j.value;
				form.elements.seen.value = x.j.seen;
			}
			form.elements.seen_status.value = x.j.status;
			msg.textContent = x.j.message;
			if (remaining)
				remaining.textContent = x.j.remaining;
			if (publish && x.j.remaining === 0)
				publish.disabled = false;
			next(form);
		}).catch(function () {
			form.classList.remove('busy');
			form.classList.add('bad');
			msg.textContent = 'Không gửi được; kiểm tra kết nối ' +
			    'rồi thử lại.';
		});
	}

	document.addEventListener('keydown', function (e) {
		var t = e.target;
		if (!t.form || !t.form.classList.contains('cell') ||
		    t.name !== 'value')
			return;
		if (e.key === 'Enter') {
			e.preventDefault();
			save(t.form, 'save');
		} else if (e.key === 'F2') {
			e.preventDefault();
			save(t.form, 'illegible');
		}
	});
	document.addEventListener('submit', function (e) {
		var f = e.target;
		if (!f.classList.contains('cell'))
			return;
		e.preventDefault();
		save(f, e.submitter && e.submitter.value === 'illegible' ?
		    'illegible' : 'save');
	});
	document.addEventListener('focusin', function (e) {
		var f = e.target.form;
		if (f && f.classList.contains('cell'))
			show(f);
		else {
			place(hlrow, null);
			place(hlcell, null);
		}
	});

	/* An import in progress: follow it. */
	var job = document.querySelector('section.job');
	if (job) {
		var bar = document.getElementById('jobbar');
		var text = document.getElementById('jobtext');
		var poll = function () {
			fetch('/import/status?job=' + job.dataset.job,
			    { headers: { 'Accept': 'application/json' } })
			    .then(function (r) { return r.json(); })
			    .then(function (s) {
				bar.max = s.pages_total || 1;
				bar.value = s.pages_done;
				if (s.state === 'running') {
					text.textContent = 'Đang đọc: ' +
					    s.pages_done + '/' + s.pages_total +
					    ' trang, ' + s.rows + ' dòng, ' +
					    s.flagged + ' ô cần duyệt.';
					setTimeout(poll, 1000);
				} else
					location.reload();
			});
		};
		if (text.textContent.indexOf('Đang đọc') === 0)
			setTimeout(poll, 1000);
	}

	var first = cells().filter(function (f) {
		return !f.classList.contains('done');
	})[0];
	if (first) {
		first.elements.value.focus();
		first.elements.value.select();
	}
})();
