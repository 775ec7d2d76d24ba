// The record form, enhanced: the other measures filtered by a search, and choosing a
// topic ticks its measures and the tasks that brought it to the agenda. Without this
// script the form works the same, the other measures behind their disclosure.
(function () {
  "use strict";
  var form = document.querySelector(".record-form");
  var data = document.getElementById("record-topics");
  if (!form || !data) return;
  var topics = JSON.parse(data.textContent);
  var chosen = form.querySelector("[data-chosen]");
  var others = form.querySelector("[data-others]");
  var search = form.querySelector("[data-search]");
  var query = search.querySelector("input");

  function filter() {
    var words = query.value.trim().toLocaleLowerCase();
    others.querySelectorAll(".kern-form-check").forEach(function (row) {
      row.hidden = words !== "" && row.textContent.toLocaleLowerCase().indexOf(words) === -1;
    });
  }

  // A measure ticked or unticked moves to its list: ticked ones stay in sight.
  function place(box) {
    var row = box.closest(".kern-form-check");
    (box.checked ? chosen : others).appendChild(row);
  }

  search.hidden = false;
  query.addEventListener("input", filter);
  form.querySelectorAll("[data-measure-choice] input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () { place(box); filter(); });
  });

  var topic = form.querySelector("[data-topic-choice] select");
  topic.addEventListener("change", function () {
    var picked = topics[topic.value] || { measures: [], tasks: [] };
    form.querySelectorAll("[data-measure-choice] input[type=checkbox]").forEach(function (box) {
      box.checked = picked.measures.indexOf(Number(box.value)) !== -1;
      place(box);
    });
    form.querySelectorAll("[data-task-choice] input[type=checkbox]").forEach(function (box) {
      box.checked = picked.tasks.indexOf(Number(box.value)) !== -1;
    });
    filter();
  });
})();
