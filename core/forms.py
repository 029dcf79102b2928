"""How forms render outside the admin: each field through templates/includes/form_field.html, its widget with
Bootstrap's classes. Django itself adds aria-invalid, and aria-describedby naming the help and the errors."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class BootstrapBoundField(BoundField):
    def bootstrap_widget(self):
        """The widget with Bootstrap's classes: the field template renders this, the admin the plain one."""
        widget = self.field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if self.errors:
            css += " is-invalid"
        return self.as_widget(attrs={"class": f"{widget.attrs.get('class', '')} {css}".strip()})


class FormRenderer(TemplatesSetting):
    """Project templates may override Django's form templates; `{{ form.field.as_field_group }}` renders
    one field with its label, message and help."""

    field_template_name = "includes/form_field.html"
    bound_field_class = BootstrapBoundField
