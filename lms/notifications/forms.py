from django import forms

from lms.notifications.kinds import preference_groups


class PreferencesForm(forms.Form):
    """One checkbox per preference group. Transactional e-mails are not listed: they always go."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for group in preference_groups():
            self.fields[group.code] = forms.BooleanField(
                label=group.label,
                help_text=group.description,
                required=False,
                initial=current.get(group.code),
            )
