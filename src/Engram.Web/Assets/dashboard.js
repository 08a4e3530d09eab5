// Engram dashboard: keeps a page current without reloading it. Every few seconds (the page's data-refresh) one request
// asks the server for the page's main part, sending the version shown; the server answers 204 when nothing changed, else
// the new main part, which replaces the old one. One request at a time, none while the tab is hidden: no busy loop.
(function () {
  'use strict';
  var main = document.querySelector('main[data-refresh]');
  var status = document.getElementById('live-status');

  // Marks the page with how many figures loaded (body data-figures="ok N" or "broken M of N") and warns about broken ones.
  function checkFigures() {
    var images = Array.prototype.slice.call(document.querySelectorAll('main img'));
    var pending = images.filter(function (i) { return !i.complete; });
    if (pending.length > 0) { setTimeout(checkFigures, 200); return; }
    var broken = images.filter(function (i) { return !(i.naturalWidth > 0); });
    document.body.setAttribute('data-figures', broken.length === 0 ? 'ok ' + images.length : 'broken ' + broken.length + ' of ' + images.length);
    // Milliseconds from the start of the navigation until every figure was there (bench/ reads it).
    if (!document.body.hasAttribute('data-figures-ms')) document.body.setAttribute('data-figures-ms', String(Math.round(performance.now())));
    broken.forEach(function (i) {
      if (i.nextElementSibling && i.nextElementSibling.classList.contains('broken')) return;
      var note = document.createElement('p');
      note.className = 'broken';
      note.textContent = 'This figure could not be loaded.';
      i.insertAdjacentElement('afterend', note);
    });
  }
  if (document.readyState === 'complete') checkFigures(); else window.addEventListener('load', checkFigures);
  if (!main) return;

  var seconds = parseFloat(main.getAttribute('data-refresh')) || 3;
  var version = main.getAttribute('data-version');
  var updates = 0;

  function say(text, offline) {
    if (!status) return;
    status.textContent = text;
    status.className = offline ? 'offline' : '';
  }

  // Loads the figures of the new main part before it replaces the old one, so that charts change without going blank.
  function preload(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var images = Array.prototype.slice.call(template.content.querySelectorAll('img'));
    return Promise.all(images.map(function (i) {
      return new Promise(function (done) { var image = new Image(); image.onload = image.onerror = done; image.src = i.src; });
    }));
  }

  function check() {
    if (document.hidden) { setTimeout(check, seconds * 1000); return; }
    var headers = new Headers();
    headers.set('X-Engram-Live', version || '');
    fetch(location.href, { headers: headers, cache: 'no-store' })
      .then(function (response) {
        var next = response.headers.get('X-Engram-Version');
        if (response.status === 204 || !next) return null;
        return response.text().then(function (html) { return preload(html).then(function () { return { version: next, html: html }; }); });
      })
      .then(function (changed) {
        var now = new Date().toLocaleTimeString();
        if (changed) {
          main.innerHTML = changed.html;
          version = changed.version;
          main.setAttribute('data-version', version);
          updates++;
          main.setAttribute('data-updates', String(updates));
          checkFigures();
          say('Read-only view; updated at ' + now + ', checks every ' + seconds + ' s.');
        } else {
          say('Read-only view; no change at ' + now + ', checks every ' + seconds + ' s.');
        }
      })
      .catch(function () { say('The dashboard server does not answer; trying again every ' + seconds + ' s.', true); })
      .then(function () { setTimeout(check, seconds * 1000); });
  }
  setTimeout(check, seconds * 1000);
})();
