from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp lists every authenticator app in the admin with its secret key and QR code:
# whoever may read that list could log in as anyone. A lost phone is handled with
# `manage.py remove_two_factor <user name>`.
admin.site.unregister(TOTPDevice)
