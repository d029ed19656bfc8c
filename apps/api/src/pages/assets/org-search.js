/* Search-as-you-type over known organizations on the registration and group forms, and one submit per form.
   Without this script the forms still work: a new organization's name, type and region are typed, and one with the
   same name in the same region is matched by the server. */
(function () {
  'use strict';

  // A form marked data-once is sent once: a double tap does not send it twice (the server is idempotent as well).
  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-sent')) {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-sent', '1');
      setTimeout(function () {
        form.removeAttribute('data-sent');
      }, 8000);
    });
  });

  var input = document.getElementById('f-org-name');
  if (!input || !window.fetch) return;
  var form = input.form;
  var hiddenId = form.querySelector('input[name="organization.id"]');
  var hiddenLabel = form.querySelector('input[name="organization.label"]');
  var list = document.getElementById('org-suggestions');
  var status = document.getElementById('org-status');
  var chosen = document.getElementById('org-chosen');
  var chosenName = document.getElementById('org-chosen-name');
  var change = document.getElementById('org-change');
  var entry = document.getElementById('org-entry');
  var url = input.getAttribute('data-suggest');
  var timer = null;
  var asked = 0;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'org-suggestions');
  input.setAttribute('autocomplete', 'off');

  function close() {
    list.hidden = true;
    list.textContent = '';
    input.setAttribute('aria-expanded', 'false');
  }

  function labelOf(item) {
    return item.name + ' · ' + item.regionName + ' · ' + item.typeLabel;
  }

  function choose(item) {
    hiddenId.value = item.id;
    hiddenLabel.value = labelOf(item);
    input.value = item.name;
    chosenName.textContent = labelOf(item);
    close();
    status.textContent = '';
    entry.hidden = true;
    chosen.hidden = false;
    change.focus();
  }

  function show(items) {
    list.textContent = '';
    items.forEach(function (item) {
      var li = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = labelOf(item);
      button.addEventListener('click', function () {
        choose(item);
      });
      button.addEventListener('keydown', function (event) {
        var next =
          event.key === 'ArrowDown'
            ? li.nextElementSibling
            : event.key === 'ArrowUp'
              ? li.previousElementSibling
              : null;
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          if (next) next.querySelector('button').focus();
          else if (event.key === 'ArrowUp') input.focus();
        } else if (event.key === 'Escape') {
          close();
          input.focus();
        }
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    status.textContent = items.length
      ? input.getAttribute('data-found').replace('{n}', String(items.length))
      : input.getAttribute('data-none');
  }

  function search() {
    var q = input.value.trim();
    if (!q) {
      close();
      status.textContent = '';
      return;
    }
    var ticket = ++asked;
    fetch(url + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : { items: [] };
      })
      .then(function (body) {
        // Only the answer to the latest question is shown.
        if (ticket === asked) show(body.items || []);
      })
      .catch(function () {
        if (ticket === asked) close();
      });
  }

  input.addEventListener('input', function () {
    if (hiddenId.value) {
      hiddenId.value = '';
      hiddenLabel.value = '';
    }
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' && !list.hidden) {
      event.preventDefault();
      list.querySelector('button').focus();
    } else if (event.key === 'Escape') {
      close();
    }
  });
  change.addEventListener('click', function () {
    hiddenId.value = '';
    hiddenLabel.value = '';
    chosen.hidden = true;
    entry.hidden = false;
    input.focus();
    input.select();
  });
})();
