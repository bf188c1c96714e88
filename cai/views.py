"""Service endpoints of the project itself."""

from django.contrib.flatpages.views import flatpage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    """For the load balancer: 200 when this process can query the database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def site_page(request):
    """Contact, legal notice, accessibility statement: the flat page stored at this very
    address, so "/contact/" is the French text and "/en/contact/" the English one."""
    return flatpage(request, request.path_info)
