/* The group form: "add an attendee" adds a row in place. Without this script the form's "more rows" button posts it
   back longer, keeping what was typed. */
(function () {
  'use strict';
  var more = document.getElementById('add-rows');
  var add = document.getElementById('add-row');
  var template = document.getElementById('row-template');
  var rows = document.getElementById('attendees');
  if (!more || !add || !template || !rows) return;
  more.hidden = true;
  add.hidden = false;
  add.addEventListener('click', function () {
    var index = rows.querySelectorAll('[data-row]').length;
    if (index >= 200) return;
    var html = template.innerHTML.replace(/__INDEX__/g, String(index)).replace(/__NUMBER__/g, String(index + 1));
    rows.insertAdjacentHTML('beforeend', html);
    var first = rows.querySelector('#a-' + index + '-name');
    if (first) first.focus();
  });
})();
