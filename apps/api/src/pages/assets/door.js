/*
 * The door page's enhancements (the page works without them): check-ins posted in place, a QR scanner on the rear
 * camera (jsQR, loaded only on this page), search as you type, and a counter that follows the other doors.
 * Every answer is HTML the server rendered (the result panel, the search results), swapped in place.
 */
(function () {
  'use strict';
  var root = document.querySelector('.door');
  if (!root) return;
  var csrf = root.getAttribute('data-csrf');
  var base = '/console/events/' + root.getAttribute('data-event') + '/door';
  var resultBox = document.getElementById('door-result');
  var offline = document.getElementById('door-offline');
  var counter = document.querySelector('.door-counter');

  /* The result panel */
  function showResult(html) {
    resultBox.innerHTML = html;
    var panel = resultBox.firstElementChild;
    if (!panel) return;
    var kind = panel.getAttribute('data-kind');
    if (navigator.vibrate) {
      if (kind === 'again') navigator.vibrate([300, 120, 300, 120, 300]);
      else if (kind !== 'ok') navigator.vibrate([200, 100, 200]);
      else navigator.vibrate(80);
    }
    panel.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return kind;
  }

  function checkIn(fields) {
    var body = new URLSearchParams(fields);
    body.set('_csrf', csrf);
    return fetch(base + '?fragment=1', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
      .then(function (res) {
        var type = res.headers.get('content-type') || '';
        // A failure the result panel does not know (session expired, server error): the whole page says why.
        if (res.redirected || (!res.ok && res.status !== 404 && res.status !== 409 && res.status !== 400)) {
          throw new Error('status ' + res.status);
        }
        if (type.indexOf('text/html') < 0) throw new Error('unexpected answer');
        return res.text();
      })
      .then(function (html) {
        offline.hidden = true;
        refreshCounter();
        return showResult(html);
      })
      .catch(function () {
        offline.hidden = false;
        if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      });
  }

  /* Typing a code, and the check-in buttons of the search results (and of a walk-in's existing registration) */
  var codeForm = document.getElementById('door-code-form');
  var codeInput = document.getElementById('f-code');
  codeForm.addEventListener('submit', function (event) {
    var code = codeInput.value.trim();
    if (!code) return; // the server says what is missing
    event.preventDefault();
    checkIn({ code: code }).then(function (kind) {
      // A code that let someone in (or found them in) is done; a wrong one stays, to be corrected.
      if (kind === 'ok' || kind === 'again') codeInput.value = '';
      codeInput.focus();
    });
  });
  root.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('door-pick')) return;
    event.preventDefault();
    var id = form.querySelector('input[name=registrationId]').value;
    checkIn({ registrationId: id }).then(function () {
      searchNow();
    });
  });

  /* The live counter: every few seconds while the page is visible */
  function setCount(name, n) {
    var el = counter.querySelector('[data-counter=' + name + ']');
    var text = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN').format(n);
    if (el && el.textContent !== text) el.textContent = text;
  }
  function refreshCounter() {
    return fetch(counter.getAttribute('data-url'), {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (figures) {
        if (!figures) return;
        setCount('checkedIn', figures.checkedIn);
        setCount('confirmed', figures.confirmed);
      })
      .catch(function () {});
  }
  setInterval(function () {
    if (!document.hidden) refreshCounter();
  }, 5000);

  /* Search as you type */
  var searchInput = document.getElementById('f-q');
  var results = document.getElementById('door-results');
  var searchTimer = null;
  var searchSeq = 0;
  function searchNow() {
    var q = searchInput.value.trim();
    if (!q) return;
    var seq = ++searchSeq;
    fetch(results.getAttribute('data-url') + '?q=' + encodeURIComponent(q), { credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (html !== null && seq === searchSeq) results.innerHTML = html;
      })
      .catch(function () {});
  }
  searchInput.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchNow, 250);
  });
  document.getElementById('door-search-form').addEventListener('submit', function (event) {
    if (!searchInput.value.trim()) return;
    event.preventDefault();
    clearTimeout(searchTimer);
    searchNow();
  });

  /* The camera scanner */
  var scan = document.getElementById('door-scan');
  var button = document.getElementById('door-camera');
  var box = document.getElementById('door-video-box');
  var video = document.getElementById('door-video');
  var insecure = document.getElementById('door-camera-insecure');
  var failed = document.getElementById('door-camera-failed');
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });
  var stream = null;
  var last = { code: '', at: 0 };
  var busyUntil = 0;
  scan.hidden = false;
  var canUseCamera = window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  if (!canUseCamera) {
    button.hidden = true;
    insecure.hidden = false;
  }

  /** One frame: decoded, and a code not just sent is checked in (the same badge held up stays one check-in). */
  function decode(source, width, height) {
    canvas.width = width;
    canvas.height = height;
    context.drawImage(source, 0, 0, width, height);
    var image = context.getImageData(0, 0, width, height);
    var found = window.jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' });
    if (!found || !found.data) return null;
    var code = found.data.trim();
    var now = Date.now();
    if (now < busyUntil || (code === last.code && now - last.at < 4000)) return code;
    last = { code: code, at: now };
    busyUntil = now + 1500;
    checkIn({ code: code });
    return code;
  }
  // For tests and diagnostics: decode one picture (a canvas or an image) as if the camera had seen it.
  window.tongxinDoorDecode = function (source) {
    return loadReader().then(function () {
      return decode(source, source.width, source.height);
    });
  };

  /** The QR reader (about 250 KB) is fetched on the first camera start, so the page itself stays small. */
  var reader = null;
  function loadReader() {
    if (typeof window.jsQR === 'function') return Promise.resolve();
    if (!reader) {
      reader = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = root.getAttribute('data-reader');
        script.onload = function () {
          resolve();
        };
        script.onerror = function () {
          reader = null;
          reject(new Error('the QR reader did not load'));
        };
        document.head.appendChild(script);
      });
    }
    return reader;
  }

  var lastFrame = 0;
  function tick(now) {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth && now - lastFrame > 120) {
      lastFrame = now;
      var scale = Math.min(1, 640 / video.videoWidth);
      decode(video, Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale));
    }
    requestAnimationFrame(tick);
  }

  function stop() {
    if (stream)
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    stream = null;
    video.srcObject = null;
    box.hidden = true;
    button.textContent = button.getAttribute('data-start');
    button.setAttribute('aria-pressed', 'false');
  }

  function start() {
    failed.hidden = true;
    loadReader()
      .then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        box.hidden = false;
        button.textContent = button.getAttribute('data-stop');
        button.setAttribute('aria-pressed', 'true');
        return video.play();
      })
      .then(function () {
        requestAnimationFrame(tick);
      })
      .catch(function () {
        stop();
        failed.hidden = false;
      });
  }

  button.addEventListener('click', function () {
    if (stream) stop();
    else start();
  });
  document.addEventListener('visibilitychange', function () {
    if (document.hidden && stream) stop();
  });
})();
