// Evidence page: a file over the limit is refused before it is sent, rather than after minutes of upload on a phone.
(() => {
  const form = document.querySelector("form.evidence-upload");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const limit = Number(form.dataset.maxBytes);
  input.addEventListener("change", () => {
    const file = input.files[0];
    input.setCustomValidity(file && file.size > limit ? form.dataset.tooLarge : "");
    input.reportValidity();
  });
})();
