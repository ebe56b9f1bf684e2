/** The catalogue namespaces the back office loads; each area of the app owns one. */
export const APP_NAMESPACES = ['app', 'app-auth', 'app-dashboard', 'app-customers', 'app-billing', 'app-settings', 'app-requests', 'errors'] as const;
