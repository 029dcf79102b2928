"""Every address of the site, for every role, GET and POST: the answer expected, and nothing written.

The cells come from the URL resolver, so a new address cannot slip through: until MATRIX has a line for it,
the coverage test fails naming the line to add, and test_matrix prints it filled with today's answers.

Each line of MATRIX: the URL name (for an unnamed pattern, its route), the method, then one answer per role:
  200, 302, 400, 403, 404, 405   the status code
  login                          302 to the site's sign-in page, with ?next= the address asked for
  admin-login                    302 to the admin's sign-in page, with ?next= the address asked for
Requests carry real ids and codes from the `world` fixture; POSTs are empty (a form that would write needs
fields), so an allowed POST answers with its form (200) or a redirect, and no cell may write to any table
(an answer with *table names the tables a request wrote to).
To add an address with parameters, give them in ARGUMENTS (non-admin) or let admin_arguments find them.
"""

import re
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.access import ADMINISTRATORS, REVIEWERS
from tests.snapshot import tables_written
from tracker.changes import feed_token
from tracker.models import Reminder, Review, RoundReport, UserPreference
from tracker.services.rounds import review_message_create, round_close, round_open
from tracker.services.tokens import api_token_create
from tracker.services.updates import status_update_create

from . import factories
from .conftest import shared_records

ROLES = {
    "anon": None,
    "lead": "lead_official",
    "supp": "supporting_official",
    "other": "other_official",
    "rev": "reviewer",
    "view": "view_only_staff",
    "admin": "administrator",
    "super": "superuser",
}

# fmt: off
MATRIX = """
URL name or route                              method anon        lead  supp  other rev   view  admin super
healthz                                        GET    200         200   200   200   200   200   200   200
healthz                                        POST   405         405   405   405   405   405   405   405
indicators:series-chart                        GET    login       200   200   200   200   200   200   200
indicators:series-chart                        POST   405         405   405   405   405   405   405   405
indicators:series-export                       GET    login       200   200   200   200   200   200   200
indicators:series-export                       POST   405         405   405   405   405   405   405   405
indicators:series-export-one                   GET    login       200   200   200   200   200   200   200
indicators:series-export-one                   POST   405         405   405   405   405   405   405   405
indicators:series-detail                       GET    login       200   200   200   200   200   200   200
indicators:series-detail                       POST   405         405   405   405   405   405   405   405
indicators:series-list                         GET    login       200   200   200   200   200   200   200
indicators:series-list                         POST   405         405   405   405   405   405   405   405
login                                          GET    200         200   200   200   200   200   200   200
login                                          POST   200         200   200   200   200   200   200   200
logout                                         GET    405         405   405   405   405   405   405   405
logout                                         POST   302         302   302   302   302   302   302   302
otp-setup                                      GET    login       403   403   403   403   200   200   200
otp-setup                                      POST   login       403   403   403   403   200   200   200
password_change                                GET    login       200   200   200   200   200   200   200
password_change                                POST   login       200   200   200   200   200   200   200
password_change_done                           GET    login       200   200   200   200   200   200   200
password_change_done                           POST   login       405   405   405   405   405   405   405
password_reset                                 GET    200         200   200   200   200   200   200   200
password_reset                                 POST   200         200   200   200   200   200   200   200
password_reset_complete                        GET    200         200   200   200   200   200   200   200
password_reset_complete                        POST   405         405   405   405   405   405   405   405
password_reset_confirm                         GET    302         302   302   302   302   302   302   302
password_reset_confirm                         POST   302         302   302   302   302   302   302   302
password_reset_done                            GET    200         200   200   200   200   200   200   200
password_reset_done                            POST   405         405   405   405   405   405   405   405
set_language                                   GET    405         405   405   405   405   405   405   405
set_language                                   POST   302         302   302   302   302   302   302   302
tracker:action-detail                          GET    login       200   200   200   200   200   200   200
tracker:action-detail                          POST   405         405   405   405   405   405   405   405
tracker:action-export                          GET    login       200   200   200   200   200   200   200
tracker:action-export                          POST   405         405   405   405   405   405   405   405
tracker:action-list                            GET    login       200   200   200   200   200   200   200
tracker:action-list                            POST   405         405   405   405   405   405   405   405
tracker:category-detail                        GET    login       200   200   200   200   200   200   200
tracker:category-detail                        POST   405         405   405   405   405   405   405   405
tracker:category-list                          GET    login       200   200   200   200   200   200   200
tracker:category-list                          POST   405         405   405   405   405   405   405   405
tracker:data-quality                           GET    login       403   403   403   403   403   200   200
tracker:data-quality                           POST   405         405   405   405   405   405   405   405
tracker:evidence-download                      GET    login       200   200   200   200   200   200   200
tracker:evidence-download                      POST   405         405   405   405   405   405   405   405
tracker:home                                   GET    login       302   302   302   302   302   302   302
tracker:home                                   POST   405         405   405   405   405   405   405   405
tracker:my-actions                             GET    login       200   200   200   200   200   200   200
tracker:my-actions                             POST   405         405   405   405   405   405   405   405
tracker:strategy-detail                        GET    login       200   200   200   200   200   200   200
tracker:strategy-detail                        POST   405         405   405   405   405   405   405   405
tracker:all-actions                            GET    login       200   200   200   200   200   200   200
tracker:all-actions                            POST   405         405   405   405   405   405   405   405
tracker:all-actions-export                     GET    login       200   200   200   200   200   200   200
tracker:all-actions-export                     POST   405         405   405   405   405   405   405   405
tracker:old-action                             GET    login       301   301   301   301   301   301   301
tracker:old-action                             POST   login       308   308   308   308   308   308   308
tracker:old-action-log                         GET    login       301   301   301   301   301   301   301
tracker:old-action-log                         POST   login       308   308   308   308   308   308   308
tracker:old-category-list                      GET    login       301   301   301   301   301   301   301
tracker:old-category-list                      POST   login       308   308   308   308   308   308   308
tracker:old-category                           GET    login       301   301   301   301   301   301   301
tracker:old-category                           POST   login       308   308   308   308   308   308   308
tracker:start                                  GET    login       302   302   302   302   302   302   302
tracker:start                                  POST   405         405   405   405   405   405   405   405
tracker:status-update-create                   GET    login       200   200   403   403   403   403   403
tracker:status-update-create                   POST   login       200   200   403   403   403   403   403
api-tokens                                     GET    login       200   200   200   200   200   200   200
api-tokens                                     POST   login       200   200   200   200   200   200   200
api-token-revoke                               GET    login       405   405   405   405   405   405   405
api-token-revoke                               POST   login       404   404   404   404   404   404   404
api:schema                                     GET    200         200   200   200   200   200   200   200
api:schema                                     POST   405         405   405   405   405   405   405   405
api:docs                                       GET    200         200   200   200   200   200   200   200
api:docs                                       POST   405         405   405   405   405   405   405   405
api:strategy-list                              GET    401         200   200   200   200   200   200   200
api:strategy-list                              POST   401         405   405   405   405   405   405   405
api:strategy-detail                            GET    401         200   200   200   200   200   200   200
api:strategy-detail                            POST   401         405   405   405   405   405   405   405
api:category-list                              GET    401         200   200   200   200   200   200   200
api:category-list                              POST   401         405   405   405   405   405   405   405
api:category-detail                            GET    401         200   200   200   200   200   200   200
api:category-detail                            POST   401         405   405   405   405   405   405   405
api:strategy-action-list                       GET    401         200   200   200   200   200   200   200
api:strategy-action-list                       POST   401         405   405   405   405   405   405   405
api:action-detail                              GET    401         200   200   200   200   200   200   200
api:action-detail                              POST   401         405   405   405   405   405   405   405
api:action-updates                             GET    401         200   200   200   200   200   200   200
api:action-updates                             POST   401         400   400   403   403   403   403   403
api:round-list                                 GET    401         200   200   200   200   200   200   200
api:round-list                                 POST   401         405   405   405   405   405   405   405
api:round-detail                               GET    401         200   200   200   200   200   200   200
api:round-detail                               POST   401         405   405   405   405   405   405   405
api:round-reviews                              GET    401         200   200   200   200   200   200   200
api:round-reviews                              POST   401         405   405   405   405   405   405   405
api:action-list                                GET    401         200   200   200   200   200   200   200
api:action-list                                POST   401         405   405   405   405   405   405   405
api:update-list                                GET    401         200   200   200   200   200   200   200
api:update-list                                POST   401         405   405   405   405   405   405   405
api:agency-list                                GET    401         200   200   200   200   200   200   200
api:agency-list                                POST   401         405   405   405   405   405   405   405
api:agency-detail                              GET    401         200   200   200   200   200   200   200
api:agency-detail                              POST   401         405   405   405   405   405   405   405
api:status-list                                GET    401         200   200   200   200   200   200   200
api:status-list                                POST   401         405   405   405   405   405   405   405
api:reason-list                                GET    401         200   200   200   200   200   200   200
api:reason-list                                POST   401         405   405   405   405   405   405   405
api:series-list                                GET    401         200   200   200   200   200   200   200
api:series-list                                POST   401         405   405   405   405   405   405   405
api:series-detail                              GET    401         200   200   200   200   200   200   200
api:series-detail                              POST   401         405   405   405   405   405   405   405
api:target-list                                GET    401         200   200   200   200   200   200   200
api:target-list                                POST   401         405   405   405   405   405   405   405
api:observation-list                           GET    401         200   200   200   200   200   200   200
api:observation-list                           POST   401         403   403   403   403   403   400   400
api:observation-detail                         GET    401         200   200   200   200   200   200   200
api:observation-detail                         POST   401         403   403   403   403   403   405   405
admin/(?P<url>.*)$                             GET    admin-login 403   403   403   403   404   404   404
admin/(?P<url>.*)$                             POST   admin-login 403   403   403   403   404   404   404
admin:app_list                                 GET    admin-login 403   403   403   403   200   200   200
admin:app_list                                 POST   admin-login 403   403   403   403   200   200   200
admin:autocomplete                             GET    admin-login 403   403   403   403   403   403   403
admin:autocomplete                             POST   admin-login 403   403   403   403   405   405   405
admin:index                                    GET    admin-login 403   403   403   403   200   200   200
admin:index                                    POST   admin-login 403   403   403   403   200   200   200
admin:jsi18n                                   GET    admin-login 403   403   403   403   200   200   200
admin:jsi18n                                   POST   admin-login 403   403   403   403   405   405   405
admin:login                                    GET    200         200   200   200   200   302   302   302
admin:login                                    POST   200         200   200   200   200   200   200   200
admin:logout                                   GET    302         403   403   403   403   405   405   405
admin:logout                                   POST   302         403   403   403   403   302   302   302
admin:password_change                          GET    admin-login 403   403   403   403   200   200   200
admin:password_change                          POST   admin-login 403   403   403   403   200   200   200
admin:password_change_done                     GET    admin-login 403   403   403   403   200   200   200
admin:password_change_done                     POST   admin-login 403   403   403   403   405   405   405
admin:view_on_site                             GET    admin-login 403   403   403   403   302   302   302
admin:view_on_site                             POST   admin-login 403   403   403   403   302   302   302
admin/auth/group/<path:object_id>/             GET    admin-login 403   403   403   403   302   302   302
admin/auth/group/<path:object_id>/             POST   admin-login 403   403   403   403   302   302   302
admin/auth/user/<path:object_id>/              GET    admin-login 403   403   403   403   302   302   302
admin/auth/user/<path:object_id>/              POST   admin-login 403   403   403   403   302   302   302
admin/indicators/observation/<path:object_id>/ GET    admin-login 403   403   403   403   302   302   302
admin/indicators/observation/<path:object_id>/ POST   admin-login 403   403   403   403   302   302   302
admin/indicators/series/<path:object_id>/      GET    admin-login 403   403   403   403   302   302   302
admin/indicators/series/<path:object_id>/      POST   admin-login 403   403   403   403   302   302   302
admin/indicators/target/<path:object_id>/    GET    admin-login 403   403   403   403   302   302   302
admin/indicators/target/<path:object_id>/    POST   admin-login 403   403   403   403   302   302   302
admin/otp_totp/totpdevice/<path:object_id>/    GET    admin-login 403   403   403   403   302   302   302
admin/otp_totp/totpdevice/<path:object_id>/    POST   admin-login 403   403   403   403   302   302   302
admin/tracker/action/<path:object_id>/         GET    admin-login 403   403   403   403   302   302   302
admin/tracker/action/<path:object_id>/         POST   admin-login 403   403   403   403   302   302   302
admin/tracker/actionseries/<path:object_id>/   GET    admin-login 403   403   403   403   302   302   302
admin/tracker/actionseries/<path:object_id>/   POST   admin-login 403   403   403   403   302   302   302
admin/tracker/agency/<path:object_id>/         GET    admin-login 403   403   403   403   302   302   302
admin/tracker/agency/<path:object_id>/         POST   admin-login 403   403   403   403   302   302   302
admin/tracker/category/<path:object_id>/       GET    admin-login 403   403   403   403   302   302   302
admin/tracker/category/<path:object_id>/       POST   admin-login 403   403   403   403   302   302   302
admin/tracker/membership/<path:object_id>/     GET    admin-login 403   403   403   403   302   302   302
admin/tracker/membership/<path:object_id>/     POST   admin-login 403   403   403   403   302   302   302
admin/tracker/reasoncode/<path:object_id>/     GET    admin-login 403   403   403   403   302   302   302
admin/tracker/reasoncode/<path:object_id>/     POST   admin-login 403   403   403   403   302   302   302
admin/tracker/reminder/<path:object_id>/       GET    admin-login 403   403   403   403   302   302   302
admin/tracker/reminder/<path:object_id>/       POST   admin-login 403   403   403   403   302   302   302
admin/tracker/status/<path:object_id>/         GET    admin-login 403   403   403   403   302   302   302
admin/tracker/status/<path:object_id>/         POST   admin-login 403   403   403   403   302   302   302
admin/tracker/strategy/<path:object_id>/       GET    admin-login 403   403   403   403   302   302   302
admin/tracker/strategy/<path:object_id>/       POST   admin-login 403   403   403   403   302   302   302
admin/tracker/statusupdate/<path:object_id>/   GET    admin-login 403   403   403   403   302   302   302
admin/tracker/statusupdate/<path:object_id>/   POST   admin-login 403   403   403   403   302   302   302
admin:auth_group_add                           GET    admin-login 403   403   403   403   403   403   200
admin:auth_group_add                           POST   admin-login 403   403   403   403   403   403   200
admin:auth_group_change                        GET    admin-login 403   403   403   403   200   200   200
admin:auth_group_change                        POST   admin-login 403   403   403   403   403   403   200
admin:auth_group_changelist                    GET    admin-login 403   403   403   403   200   200   200
admin:auth_group_changelist                    POST   admin-login 403   403   403   403   200   200   200
admin:auth_group_delete                        GET    admin-login 403   403   403   403   403   403   200
admin:auth_group_delete                        POST   admin-login 403   403   403   403   403   403   200
admin:auth_group_history                       GET    admin-login 403   403   403   403   200   200   200
admin:auth_group_history                       POST   admin-login 403   403   403   403   200   200   200
admin:auth_user_add                            GET    admin-login 403   403   403   403   403   200   200
admin:auth_user_add                            POST   admin-login 403   403   403   403   403   200   200
admin:auth_user_change                         GET    admin-login 403   403   403   403   200   200   200
admin:auth_user_change                         POST   admin-login 403   403   403   403   403   200   200
admin:auth_user_changelist                     GET    admin-login 403   403   403   403   200   200   200
admin:auth_user_changelist                     POST   admin-login 403   403   403   403   200   200   200
admin:auth_user_delete                         GET    admin-login 403   403   403   403   403   403   200
admin:auth_user_delete                         POST   admin-login 403   403   403   403   403   403   200
admin:auth_user_history                        GET    admin-login 403   403   403   403   200   200   200
admin:auth_user_history                        POST   admin-login 403   403   403   403   200   200   200
admin:auth_user_password_change                GET    admin-login 403   403   403   403   403   200   200
admin:auth_user_password_change                POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_add               GET    admin-login 403   403   403   403   403   200   200
admin:indicators_observation_add               POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_change            GET    admin-login 403   403   403   403   200   200   200
admin:indicators_observation_change            POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_changelist        GET    admin-login 403   403   403   403   200   200   200
admin:indicators_observation_changelist        POST   admin-login 403   403   403   403   200   200   200
admin:indicators_observation_delete            GET    admin-login 403   403   403   403   403   200   200
admin:indicators_observation_delete            POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_export            GET    admin-login 403   403   403   403   200   200   200
admin:indicators_observation_export            POST   admin-login 403   403   403   403   200   200   200
admin:indicators_observation_history           GET    admin-login 403   403   403   403   200   200   200
admin:indicators_observation_history           POST   admin-login 403   403   403   403   200   200   200
admin:indicators_observation_import            GET    admin-login 403   403   403   403   403   200   200
admin:indicators_observation_import            POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_process_import    GET    admin-login 403   403   403   403   403   405   405
admin:indicators_observation_process_import    POST   admin-login 403   403   403   403   403   200   200
admin:indicators_observation_import_template   GET    admin-login 403   403   403   403   403   200   200
admin:indicators_observation_import_template   POST   admin-login 403   403   403   403   403   405   405
admin:indicators_observation_simple_history    GET    admin-login 403   403   403   403   200   200   200
admin:indicators_observation_simple_history    POST   admin-login 403   403   403   403   405   405   405
admin:indicators_series_add                    GET    admin-login 403   403   403   403   403   200   200
admin:indicators_series_add                    POST   admin-login 403   403   403   403   403   200   200
admin:indicators_series_change                 GET    admin-login 403   403   403   403   200   200   200
admin:indicators_series_change                 POST   admin-login 403   403   403   403   403   200   200
admin:indicators_series_changelist             GET    admin-login 403   403   403   403   200   200   200
admin:indicators_series_changelist             POST   admin-login 403   403   403   403   200   200   200
admin:indicators_series_delete                 GET    admin-login 403   403   403   403   403   200   200
admin:indicators_series_delete                 POST   admin-login 403   403   403   403   403   200   200
admin:indicators_series_export                 GET    admin-login 403   403   403   403   200   200   200
admin:indicators_series_export                 POST   admin-login 403   403   403   403   200   200   200
admin:indicators_series_history                GET    admin-login 403   403   403   403   200   200   200
admin:indicators_series_history                POST   admin-login 403   403   403   403   200   200   200
admin:indicators_series_import                 GET    admin-login 403   403   403   403   403   200   200
admin:indicators_series_import                 POST   admin-login 403   403   403   403   403   200   200
admin:indicators_series_process_import         GET    admin-login 403   403   403   403   403   405   405
admin:indicators_series_process_import         POST   admin-login 403   403   403   403   403   200   200
admin:indicators_series_import_template        GET    admin-login 403   403   403   403   403   200   200
admin:indicators_series_import_template        POST   admin-login 403   403   403   403   403   405   405
admin:indicators_series_simple_history         GET    admin-login 403   403   403   403   200   200   200
admin:indicators_series_simple_history         POST   admin-login 403   403   403   403   405   405   405
admin:indicators_target_add                  GET    admin-login 403   403   403   403   403   200   200
admin:indicators_target_add                  POST   admin-login 403   403   403   403   403   200   200
admin:indicators_target_change               GET    admin-login 403   403   403   403   200   200   200
admin:indicators_target_change               POST   admin-login 403   403   403   403   403   200   200
admin:indicators_target_changelist           GET    admin-login 403   403   403   403   200   200   200
admin:indicators_target_changelist           POST   admin-login 403   403   403   403   200   200   200
admin:indicators_target_delete               GET    admin-login 403   403   403   403   403   200   200
admin:indicators_target_delete               POST   admin-login 403   403   403   403   403   200   200
admin:indicators_target_export               GET    admin-login 403   403   403   403   200   200   200
admin:indicators_target_export               POST   admin-login 403   403   403   403   200   200   200
admin:indicators_target_history              GET    admin-login 403   403   403   403   200   200   200
admin:indicators_target_history              POST   admin-login 403   403   403   403   200   200   200
admin:indicators_target_import               GET    admin-login 403   403   403   403   403   200   200
admin:indicators_target_import               POST   admin-login 403   403   403   403   403   200   200
admin:indicators_target_process_import       GET    admin-login 403   403   403   403   403   405   405
admin:indicators_target_process_import       POST   admin-login 403   403   403   403   403   200   200
admin:indicators_target_import_template        GET    admin-login 403   403   403   403   403   200   200
admin:indicators_target_import_template        POST   admin-login 403   403   403   403   403   405   405
admin:indicators_target_simple_history       GET    admin-login 403   403   403   403   200   200   200
admin:indicators_target_simple_history       POST   admin-login 403   403   403   403   405   405   405
admin:otp_totp_totpdevice_add                  GET    admin-login 403   403   403   403   403   403   403
admin:otp_totp_totpdevice_add                  POST   admin-login 403   403   403   403   403   403   403
admin:otp_totp_totpdevice_change               GET    admin-login 403   403   403   403   200   403   200
admin:otp_totp_totpdevice_change               POST   admin-login 403   403   403   403   403   403   403
admin:otp_totp_totpdevice_changelist           GET    admin-login 403   403   403   403   200   403   200
admin:otp_totp_totpdevice_changelist           POST   admin-login 403   403   403   403   200   403   200
admin:otp_totp_totpdevice_delete               GET    admin-login 403   403   403   403   403   403   200
admin:otp_totp_totpdevice_delete               POST   admin-login 403   403   403   403   403   403   200
admin:otp_totp_totpdevice_history              GET    admin-login 403   403   403   403   200   403   200
admin:otp_totp_totpdevice_history              POST   admin-login 403   403   403   403   200   403   200
admin:tracker_action_add                       GET    admin-login 403   403   403   403   403   200   200
admin:tracker_action_add                       POST   admin-login 403   403   403   403   403   200   200
admin:tracker_action_change                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_action_change                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_action_changelist                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_action_changelist                POST   admin-login 403   403   403   403   200   200   200
admin:tracker_action_delete                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_action_delete                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_action_export                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_action_export                    POST   admin-login 403   403   403   403   200   200   200
admin:tracker_action_history                   GET    admin-login 403   403   403   403   200   200   200
admin:tracker_action_history                   POST   admin-login 403   403   403   403   200   200   200
admin:tracker_action_import                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_action_import                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_action_process_import            GET    admin-login 403   403   403   403   403   405   405
admin:tracker_action_process_import            POST   admin-login 403   403   403   403   403   200   200
admin:tracker_action_import_template           GET    admin-login 403   403   403   403   403   200   200
admin:tracker_action_import_template           POST   admin-login 403   403   403   403   403   405   405
admin:tracker_action_simple_history            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_action_simple_history            POST   admin-login 403   403   403   403   405   405   405
admin:tracker_actionseries_add                 GET    admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_add                 POST   admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_change              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_change              POST   admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_changelist          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_changelist          POST   admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_delete              GET    admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_delete              POST   admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_export              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_export              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_history             GET    admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_history             POST   admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_import              GET    admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_import              POST   admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_process_import      GET    admin-login 403   403   403   403   403   405   405
admin:tracker_actionseries_process_import      POST   admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_import_template     GET    admin-login 403   403   403   403   403   200   200
admin:tracker_actionseries_import_template     POST   admin-login 403   403   403   403   403   405   405
admin:tracker_actionseries_simple_history      GET    admin-login 403   403   403   403   200   200   200
admin:tracker_actionseries_simple_history      POST   admin-login 403   403   403   403   405   405   405
admin:tracker_agency_add                       GET    admin-login 403   403   403   403   403   200   200
admin:tracker_agency_add                       POST   admin-login 403   403   403   403   403   200   200
admin:tracker_agency_change                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_agency_change                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_agency_changelist                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_agency_changelist                POST   admin-login 403   403   403   403   200   200   200
admin:tracker_agency_delete                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_agency_delete                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_agency_export                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_agency_export                    POST   admin-login 403   403   403   403   200   200   200
admin:tracker_agency_history                   GET    admin-login 403   403   403   403   200   200   200
admin:tracker_agency_history                   POST   admin-login 403   403   403   403   200   200   200
admin:tracker_agency_import                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_agency_import                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_agency_process_import            GET    admin-login 403   403   403   403   403   405   405
admin:tracker_agency_process_import            POST   admin-login 403   403   403   403   403   200   200
admin:tracker_agency_import_template           GET    admin-login 403   403   403   403   403   200   200
admin:tracker_agency_import_template           POST   admin-login 403   403   403   403   403   405   405
admin:tracker_agency_simple_history            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_agency_simple_history            POST   admin-login 403   403   403   403   405   405   405
admin:tracker_category_add                     GET    admin-login 403   403   403   403   403   200   200
admin:tracker_category_add                     POST   admin-login 403   403   403   403   403   200   200
admin:tracker_category_change                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_category_change                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_category_changelist              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_category_changelist              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_category_delete                  GET    admin-login 403   403   403   403   403   200   200
admin:tracker_category_delete                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_category_export                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_category_export                  POST   admin-login 403   403   403   403   200   200   200
admin:tracker_category_history                 GET    admin-login 403   403   403   403   200   200   200
admin:tracker_category_history                 POST   admin-login 403   403   403   403   200   200   200
admin:tracker_category_import                  GET    admin-login 403   403   403   403   403   200   200
admin:tracker_category_import                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_category_process_import          GET    admin-login 403   403   403   403   403   405   405
admin:tracker_category_process_import          POST   admin-login 403   403   403   403   403   200   200
admin:tracker_category_import_template         GET    admin-login 403   403   403   403   403   200   200
admin:tracker_category_import_template         POST   admin-login 403   403   403   403   403   405   405
admin:tracker_category_simple_history          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_category_simple_history          POST   admin-login 403   403   403   403   405   405   405
admin:tracker_membership_add                   GET    admin-login 403   403   403   403   403   200   200
admin:tracker_membership_add                   POST   admin-login 403   403   403   403   403   200   200
admin:tracker_membership_change                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_membership_change                POST   admin-login 403   403   403   403   403   200   200
admin:tracker_membership_changelist            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_membership_changelist            POST   admin-login 403   403   403   403   200   200   200
admin:tracker_membership_delete                GET    admin-login 403   403   403   403   403   200   200
admin:tracker_membership_delete                POST   admin-login 403   403   403   403   403   200   200
admin:tracker_membership_history               GET    admin-login 403   403   403   403   200   200   200
admin:tracker_membership_history               POST   admin-login 403   403   403   403   200   200   200
admin:tracker_membership_simple_history        GET    admin-login 403   403   403   403   200   200   200
admin:tracker_membership_simple_history        POST   admin-login 403   403   403   403   405   405   405
admin:tracker_reasoncode_add                   GET    admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_add                   POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_change                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_change                POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_changelist            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_changelist            POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_delete                GET    admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_delete                POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_export                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_export                POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_history               GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_history               POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_import                GET    admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_import                POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_process_import        GET    admin-login 403   403   403   403   403   405   405
admin:tracker_reasoncode_process_import        POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_import_template       GET    admin-login 403   403   403   403   403   200   200
admin:tracker_reasoncode_import_template       POST   admin-login 403   403   403   403   403   405   405
admin:tracker_reasoncode_simple_history        GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reasoncode_simple_history        POST   admin-login 403   403   403   403   405   405   405
admin:tracker_reminder_add                     GET    admin-login 403   403   403   403   403   403   403
admin:tracker_reminder_add                     POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reminder_change                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reminder_change                  POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reminder_changelist              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reminder_changelist              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reminder_delete                  GET    admin-login 403   403   403   403   403   403   200
admin:tracker_reminder_delete                  POST   admin-login 403   403   403   403   403   403   200
admin:tracker_reminder_history                 GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reminder_history                 POST   admin-login 403   403   403   403   200   200   200
admin:tracker_status_add                       GET    admin-login 403   403   403   403   403   200   200
admin:tracker_status_add                       POST   admin-login 403   403   403   403   403   200   200
admin:tracker_status_change                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_status_change                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_status_changelist                GET    admin-login 403   403   403   403   200   200   200
admin:tracker_status_changelist                POST   admin-login 403   403   403   403   200   200   200
admin:tracker_status_delete                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_status_delete                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_status_export                    GET    admin-login 403   403   403   403   200   200   200
admin:tracker_status_export                    POST   admin-login 403   403   403   403   200   200   200
admin:tracker_status_history                   GET    admin-login 403   403   403   403   200   200   200
admin:tracker_status_history                   POST   admin-login 403   403   403   403   200   200   200
admin:tracker_status_import                    GET    admin-login 403   403   403   403   403   200   200
admin:tracker_status_import                    POST   admin-login 403   403   403   403   403   200   200
admin:tracker_status_process_import            GET    admin-login 403   403   403   403   403   405   405
admin:tracker_status_process_import            POST   admin-login 403   403   403   403   403   200   200
admin:tracker_status_import_template           GET    admin-login 403   403   403   403   403   200   200
admin:tracker_status_import_template           POST   admin-login 403   403   403   403   403   405   405
admin:tracker_status_simple_history            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_status_simple_history            POST   admin-login 403   403   403   403   405   405   405
admin:tracker_strategy_add                     GET    admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_add                     POST   admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_change                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_change                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_changelist              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_changelist              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_delete                  GET    admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_delete                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_export                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_export                  POST   admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_history                 GET    admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_history                 POST   admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_import                  GET    admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_import                  POST   admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_process_import          GET    admin-login 403   403   403   403   403   405   405
admin:tracker_strategy_process_import          POST   admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_import_template         GET    admin-login 403   403   403   403   403   200   200
admin:tracker_strategy_import_template         POST   admin-login 403   403   403   403   403   405   405
admin:tracker_strategy_simple_history          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_strategy_simple_history          POST   admin-login 403   403   403   403   405   405   405
admin:tracker_statusupdate_add                 GET    admin-login 403   403   403   403   403   200   200
admin:tracker_statusupdate_add                 POST   admin-login 403   403   403   403   403   200   200
admin:tracker_statusupdate_change              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_change              POST   admin-login 403   403   403   403   403   403   403
admin:tracker_statusupdate_changelist          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_changelist          POST   admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_delete              GET    admin-login 403   403   403   403   403   403   403
admin:tracker_statusupdate_delete              POST   admin-login 403   403   403   403   403   403   403
admin:tracker_statusupdate_history             GET    admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_history             POST   admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_simple_history      GET    admin-login 403   403   403   403   200   200   200
admin:tracker_statusupdate_simple_history      POST   admin-login 403   403   403   403   405   405   405
admin/tracker/reportinground/<path:object_id>/ GET    admin-login 403   403   403   403   302   302   302
admin/tracker/reportinground/<path:object_id>/ POST   admin-login 403   403   403   403   302   302   302
admin/tracker/review/<path:object_id>/       GET    admin-login 403   403   403   403   302   302   302
admin/tracker/review/<path:object_id>/       POST   admin-login 403   403   403   403   302   302   302
admin/tracker/reviewmessage/<path:object_id>/ GET    admin-login 403   403   403   403   302   302   302
admin/tracker/reviewmessage/<path:object_id>/ POST   admin-login 403   403   403   403   302   302   302
admin/tracker/roundreport/<path:object_id>/  GET    admin-login 403   403   403   403   302   302   302
admin/tracker/roundreport/<path:object_id>/  POST   admin-login 403   403   403   403   302   302   302
admin/tracker/roundsnapshot/<path:object_id>/ GET    admin-login 403   403   403   403   302   302   302
admin/tracker/roundsnapshot/<path:object_id>/ POST   admin-login 403   403   403   403   302   302   302
admin:tracker_reportinground_add             GET    admin-login 403   403   403   403   403   200   200
admin:tracker_reportinground_add             POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reportinground_change          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_change          POST   admin-login 403   403   403   403   403   200   200
admin:tracker_reportinground_changelist      GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_changelist      POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_delete          GET    admin-login 403   403   403   403   403   403   403
admin:tracker_reportinground_delete          POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reportinground_history         GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_history         POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_simple_history  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reportinground_simple_history  POST   admin-login 403   403   403   403   405   405   405
admin:tracker_review_add                     GET    admin-login 403   403   403   403   403   403   403
admin:tracker_review_add                     POST   admin-login 403   403   403   403   403   403   403
admin:tracker_review_change                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_review_change                  POST   admin-login 403   403   403   403   403   403   403
admin:tracker_review_changelist              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_review_changelist              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_review_delete                  GET    admin-login 403   403   403   403   403   403   403
admin:tracker_review_delete                  POST   admin-login 403   403   403   403   403   403   403
admin:tracker_review_history                 GET    admin-login 403   403   403   403   200   200   200
admin:tracker_review_history                 POST   admin-login 403   403   403   403   200   200   200
admin:tracker_review_simple_history          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_review_simple_history          POST   admin-login 403   403   403   403   405   405   405
admin:tracker_reviewmessage_add              GET    admin-login 403   403   403   403   403   403   403
admin:tracker_reviewmessage_add              POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reviewmessage_change           GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reviewmessage_change           POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reviewmessage_changelist       GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reviewmessage_changelist       POST   admin-login 403   403   403   403   200   200   200
admin:tracker_reviewmessage_delete           GET    admin-login 403   403   403   403   403   403   403
admin:tracker_reviewmessage_delete           POST   admin-login 403   403   403   403   403   403   403
admin:tracker_reviewmessage_history          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_reviewmessage_history          POST   admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_add                GET    admin-login 403   403   403   403   403   403   403
admin:tracker_roundreport_add                POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundreport_change             GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_change             POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundreport_changelist         GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_changelist         POST   admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_delete             GET    admin-login 403   403   403   403   403   403   403
admin:tracker_roundreport_delete             POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundreport_history            GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_history            POST   admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_simple_history     GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundreport_simple_history     POST   admin-login 403   403   403   403   405   405   405
admin:tracker_roundsnapshot_add              GET    admin-login 403   403   403   403   403   403   403
admin:tracker_roundsnapshot_add              POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundsnapshot_change           GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundsnapshot_change           POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundsnapshot_changelist       GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundsnapshot_changelist       POST   admin-login 403   403   403   403   200   200   200
admin:tracker_roundsnapshot_delete           GET    admin-login 403   403   403   403   403   403   403
admin:tracker_roundsnapshot_delete           POST   admin-login 403   403   403   403   403   403   403
admin:tracker_roundsnapshot_history          GET    admin-login 403   403   403   403   200   200   200
admin:tracker_roundsnapshot_history          POST   admin-login 403   403   403   403   200   200   200
tracker:message-create                       GET    login 405   405   405   405   405   405   405
tracker:message-create                       POST   login 200   200   403   200   403   403   403
tracker:review-edit                          GET    login 403   403   403   200   403   403   403
tracker:review-edit                          POST   login 403   403   403   200   403   403   403
tracker:round-compare                        GET    login 200   200   200   200   200   200   200
tracker:round-compare                        POST   login 200   200   200   200   200   200   200
tracker:round-detail                         GET    login 200   200   200   200   200   200   200
tracker:round-detail                         POST   login 200   200   200   200   200   200   200
tracker:round-list                           GET    login 200   200   200   200   200   200   200
tracker:change-list                          GET    login       200   200   200   200   200   200   200
tracker:change-list                          POST   login       200   200   200   200   200   200   200
tracker:change-feed                          GET    200         200   200   200   200   200   200   200
tracker:change-feed                          POST   200         200   200   200   200   200   200   200
tracker:round-report                         GET    login       200   200   200   200   200   200   200
tracker:round-report                         POST   login       200   200   200   200   200   200   200
tracker:round-report-pdf                     GET    login       200   200   200   200   200   200   200
tracker:round-report-pdf                     POST   login       200   200   200   200   200   200   200
tracker:round-list                           POST   login 200   200   200   200   200   200   200


admin:tracker_apitoken_changelist              GET    admin-login 403   403   403   403   200   200   200
admin:tracker_apitoken_changelist              POST   admin-login 403   403   403   403   200   200   200
admin:tracker_apitoken_add                     GET    admin-login 403   403   403   403   403   403   403
admin:tracker_apitoken_add                     POST   admin-login 403   403   403   403   403   403   403
admin:tracker_apitoken_history                 GET    admin-login 403   403   403   403   200   200   200
admin:tracker_apitoken_history                 POST   admin-login 403   403   403   403   200   200   200
admin:tracker_apitoken_delete                  GET    admin-login 403   403   403   403   403   403   403
admin:tracker_apitoken_delete                  POST   admin-login 403   403   403   403   403   403   403
admin:tracker_apitoken_change                  GET    admin-login 403   403   403   403   200   200   200
admin:tracker_apitoken_change                  POST   admin-login 403   403   403   403   403   403   403
admin/tracker/apitoken/<path:object_id>/       GET    admin-login 403   403   403   403   302   302   302
admin/tracker/apitoken/<path:object_id>/       POST   admin-login 403   403   403   403   302   302   302
"""
# fmt: on


def parse_matrix(text: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in text.strip().splitlines()[1:] if line.strip()]
    table = {}
    for line in lines:
        key, method, answers = line[0], line[1], line[2:]
        assert len(answers) == len(ROLES), f"{key} {method}: {len(answers)} answers for {len(ROLES)} roles"
        assert (key, method) not in table, f"{key} {method} is in MATRIX twice"
        table[key, method] = dict(zip(ROLES, answers, strict=True))
    return table


EXPECTED = parse_matrix(MATRIX)


def url_patterns(resolver=None, prefix="", namespace=""):
    """(key, route, pattern) for every pattern; the key is its name with namespace, or else its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route, pattern


PATTERNS = {}
for _key, _route, _pattern in url_patterns():
    PATTERNS.setdefault(_key, (_route, _pattern))  # a name given twice: Django reverses the first


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One of every kind of record, so that every admin page has an object to show, and a user of each role.

    Made once for all the cells of this module, in a transaction rolled back after the last one; each cell
    runs inside it, in a savepoint rolled back after the cell, like any test. The records are those of the
    conftest fixtures of the same names (action, update_with_file, lead_official, reviewer, ...)."""
    media = tmp_path_factory.mktemp("media")
    with shared_records(django_db_blocker), override_settings(MEDIA_ROOT=media):
        statuses = factories.seed_statuses()
        factories.ReasonCodeFactory(code="funding", name="Funding")
        lead_agency = factories.AgencyFactory(code="LEAD", name="Lead department")
        supporting_agency = factories.AgencyFactory(code="SUPPORT", name="Supporting department")
        other_agency = factories.AgencyFactory(code="OTHER", name="Unrelated department")
        action = factories.ActionFactory(code="1.1", lead_agency=lead_agency)
        factories.ActionSupportFactory(action=action, agency=supporting_agency)
        lead_official = factories.official(lead_agency, username="lead-official")
        reviewer = factories.UserFactory(username="reviewer")
        reviewer.groups.add(Group.objects.get(name=REVIEWERS))
        administrator = factories.UserFactory(username="administrator", is_staff=True)
        administrator.groups.add(Group.objects.get(name=ADMINISTRATORS))
        view_only_staff = factories.UserFactory(username="view-only-staff", is_staff=True)
        view_only_staff.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
        users = {
            "anon": None,
            "lead": lead_official,
            "supp": factories.official(supporting_agency, username="support-official"),
            "other": factories.official(other_agency, username="other-official"),
            "rev": reviewer,
            "view": view_only_staff,
            "admin": administrator,
            "super": factories.UserFactory(username="superuser", is_staff=True, is_superuser=True),
        }
        update = status_update_create(
            action=action,
            status=statuses["in-progress"],
            progress=40,
            reported_on=timezone.localdate(),
            narrative="Draft rules published.",
            author=lead_official,
            agency=lead_agency,
            evidence_file=factories.evidence_file("Draft rules.pdf"),
            evidence_filename="Draft rules.pdf",
        )
        series = factories.SeriesFactory(code="LN-GDP")
        factories.ObservationFactory(series=series)
        factories.ObservationFactory(series=series)  # two figures: a chart, not a figure card
        factories.TargetFactory(series=series)
        factories.ActionSeriesFactory(action=action, series=series)
        Reminder.objects.create(user=lead_official, action=action, sent_on=update.reported_on, reason="stale")
        UserPreference.objects.create(user=reviewer, language="zh-hans")
        TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
        closed = round_open(round=factories.RoundFactory(strategy=action.strategy, name="Closed round"))
        round_close(round=closed, user=administrator)
        round = round_open(round=factories.RoundFactory(strategy=action.strategy, name="Open round"))
        RoundReport.objects.create(round=round, action=action, update=update)
        Review.objects.create(
            round=round, action=action, reviewer=reviewer, rating="on_track", evidence="verified"
        )
        review_message_create(update=update, author=reviewer, kind="question", text="Minutes?")

        # A token of someone outside the roles: every role's revocation of it is refused (the owner's own is
        # tested in test_api_tokens.py, and would write).
        token, _ = api_token_create(user=factories.UserFactory(username="token-owner"), name="task system")
        sessions = {}  # each role's session, signed in
        for role, user in users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield {
            "action": action,
            "update": update,
            "series": series,
            "user": lead_official,
            "round": round,
            "token": token,
            "sessions": sessions,
            "media": media,
            # One client per role for every cell (each loads the middleware once), its cookies reset per cell.
            "clients": {role: Client() for role in ROLES},
        }


ARGUMENTS = {
    "tracker:strategy-detail": lambda w: [w["action"].strategy.code],
    "tracker:action-list": lambda w: [w["action"].strategy.code],
    "tracker:action-detail": lambda w: [w["action"].strategy.code, w["action"].code],
    "tracker:status-update-create": lambda w: [w["action"].strategy.code, w["action"].code],
    "tracker:action-export": lambda w: [w["action"].strategy.code, "csv"],
    "tracker:all-actions-export": lambda w: ["csv"],
    "tracker:category-list": lambda w: [w["action"].strategy.code],
    "tracker:category-detail": lambda w: [w["action"].strategy.code, w["action"].category.code],
    "tracker:old-action": lambda w: [w["action"].code],
    "tracker:old-action-log": lambda w: [w["action"].code],
    "tracker:old-category": lambda w: [w["action"].category.code],
    "tracker:evidence-download": lambda w: [w["update"].pk],
    "tracker:round-list": lambda w: [w["action"].strategy.code],
    "tracker:round-compare": lambda w: [w["action"].strategy.code],
    "tracker:round-detail": lambda w: [w["action"].strategy.code, w["round"].pk],
    "tracker:change-feed": lambda w: [feed_token(w["user"])],
    "tracker:round-report": lambda w: [w["action"].strategy.code, w["round"].pk],
    "tracker:round-report-pdf": lambda w: [w["action"].strategy.code, w["round"].pk],
    "tracker:review-edit": lambda w: [w["action"].strategy.code, w["round"].pk, w["action"].code],
    "tracker:message-create": lambda w: [w["action"].strategy.code, w["action"].code, w["update"].pk],
    "indicators:series-detail": lambda w: [w["series"].code],
    "indicators:series-chart": lambda w: [w["series"].code],
    "indicators:series-export": lambda w: ["csv"],
    "indicators:series-export-one": lambda w: [w["series"].code, "csv"],
    "password_reset_confirm": lambda w: [
        urlsafe_base64_encode(force_bytes(w["user"].pk)),
        default_token_generator.make_token(w["user"]),
    ],
    "api:strategy-detail": lambda w: [w["action"].strategy.code],
    "api:category-list": lambda w: [w["action"].strategy.code],
    "api:category-detail": lambda w: [w["action"].strategy.code, w["action"].category.code],
    "api:strategy-action-list": lambda w: [w["action"].strategy.code],
    "api:action-detail": lambda w: [w["action"].strategy.code, w["action"].code],
    "api:action-updates": lambda w: [w["action"].strategy.code, w["action"].code],
    "api:round-list": lambda w: [w["action"].strategy.code],
    "api:round-detail": lambda w: [w["action"].strategy.code, w["round"].pk],
    "api:round-reviews": lambda w: [w["action"].strategy.code, w["round"].pk],
    "api:agency-detail": lambda w: [w["action"].lead_agency.code],
    "api:series-detail": lambda w: [w["series"].code],
    "api:target-list": lambda w: [w["series"].code],
    "api:observation-list": lambda w: [w["series"].code],
    "api:observation-detail": lambda w: [w["series"].code, w["series"].observations.first().period],
    "api-token-revoke": lambda w: [w["token"].pk],
    "admin:app_list": lambda w: ["tracker"],
    "admin:view_on_site": lambda w: [ContentType.objects.get_for_model(w["action"]).pk, w["action"].pk],
}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def admin_object(model, world):
    """The record an admin page shows: the world's own where it has one (an official, not a superuser)."""
    for value in world.values():
        if isinstance(value, model):
            return value
    return model._default_manager.order_by("pk").first()


def address(key, world) -> str:
    route, pattern = PATTERNS[key]
    if key in ARGUMENTS:
        return reverse(key, args=ARGUMENTS[key](world))
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    match = ADMIN_MODEL_ROUTE.match(route)
    model_page = match and match["app"] in apps.app_configs
    if model_page and not key.endswith(("_changelist", "_add", "_import", "_process_import", "_export")):
        obj = admin_object(apps.get_model(match["app"], match["model"]), world)
        assert obj is not None, f"{key}: no {match['model']} in the world"
        if key.endswith("_simple_history"):
            return reverse(key, args=[obj.pk, obj.history.order_by("-history_id").first().history_id])
        if pattern.name:
            converter = next(iter(pattern.pattern.converters), None)
            return reverse(key, kwargs={converter: obj.pk}) if converter else reverse(key)
        return "/" + route.replace("<path:object_id>", str(obj.pk))
    return reverse(key)


def answer(response, url) -> str:
    if response.status_code == 302:
        if response.url == f"{reverse('login')}?next={url}":
            return "login"
        if response.url.startswith(f"{reverse('admin:login')}?next="):
            return "admin-login"
    return str(response.status_code)


def run_row(clients, key, method, world) -> dict[str, str]:
    """Ask the address as each role; the answers, each with *table where the request wrote to a table."""
    url = address(key, world)
    answers = {}
    for role, client in clients.items():
        with tables_written() as written:
            response = getattr(client, method.lower())(url)
        answers[role] = answer(response, url) + ("*" + ",".join(written) if written else "")
    return answers


def matrix_line(key, method, answers) -> str:
    return f"{key:<44} {method:<6} " + " ".join(f"{answers[role]:<5}" for role in ROLES)


def test_every_address_and_method_has_an_expectation():
    missing = [
        (key, method) for key in PATTERNS for method in ("GET", "POST") if (key, method) not in EXPECTED
    ]
    stale = [entry for entry in EXPECTED if entry[0] not in PATTERNS]

    blank = " ".join(f"<{role}>" for role in ROLES)
    assert not missing, (
        "These addresses have no line in MATRIX (tests/test_matrix.py); add one for each, with the answer "
        "each role must get (test_matrix prints each line filled with today's answers, to check and paste):\n"
        + "\n".join(f"  {key:<46} {method:<6} {blank}" for key, method in missing)
    )
    assert not stale, f"MATRIX names addresses the site no longer has: {stale}"


@pytest.mark.parametrize(("key", "method"), [(key, method) for key in PATTERNS for method in ("GET", "POST")])
def test_matrix(world, key, method, db, settings):
    settings.AXES_ENABLED = False  # empty POSTs to the sign-in pages are not guesses
    settings.MEDIA_ROOT = world["media"]
    # Each role with the session the world signed in (a cell's writes, a sign-out too, are rolled back).
    clients = world["clients"]
    for role, client in clients.items():
        client.cookies = SimpleCookie()
        if role in world["sessions"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    expected = EXPECTED.get((key, method))

    got = run_row(clients, key, method, world)

    line = matrix_line(key, method, expected) if expected else "(no line)"
    assert got == expected, (
        f"the row differs from MATRIX:\nexpected {line}\n     got {matrix_line(key, method, got)}"
    )
