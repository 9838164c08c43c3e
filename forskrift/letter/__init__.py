"""The draft decision letter (vedtaksbrev): `model` computes what it says from a check result and the case,
`render` fills the office's templates (templates/vedtak.docx with docxtpl, templates/vedtak.html with Jinja2);
the fixed wording is in templates/phrases-<lang>.yaml (bokmål, nynorsk)."""
