import { adminCalendarRoutes } from "./admin/calendar.js";
import { adminOfficerRoutes } from "./admin/officers.js";
import { adminOpsRoutes } from "./admin/ops.js";
import { adminBrandingRoutes } from "./admin/branding.js";
import { adminCatalogueRoutes } from "./admin/catalogue.js";
import { adminProcedurePageRoutes } from "./admin/procedure-pages.js";
import { adminProcedureRoutes } from "./admin/procedures.js";
import { adminSearchWordRoutes } from "./admin/search-words.js";
import { adminUnitRoutes } from "./admin/units.js";
import { calendarRoutes } from "./calendar.js";
import { officeApiRoutes } from "./office/api.js";
import { officeAuthRoutes } from "./office/auth.js";
import { nationalPortalCallbackRoutes } from "./integration/national-portal.js";
import { paymentCallbackRoutes } from "./integration/payment.js";
import { postalCallbackRoutes } from "./integration/postal.js";
import { smsReportRoutes } from "./integration/sms.js";
import { adminNotifyTemplateRoutes } from "./admin/notify-templates.js";
import { adminTemplateRoutes } from "./admin/catalogue-templates.js";
import { notifySettingsRoutes } from "./portal/notify-settings.js";
import { nationalSyncRoutes } from "./office/national.js";
import { paymentOfficeRoutes } from "./office/payments.js";
import { officePageRoutes } from "./office/pages.js";
import { dashboardRoutes } from "./office/dashboard.js";
import { petitionOfficeRoutes } from "./office/petitions.js";
import { reportRoutes } from "./office/reports.js";
import { citizenAuthRoutes } from "./portal/auth.js";
import { catalogueRoutes } from "./portal/catalogue.js";
import { dossierActionRoutes } from "./portal/dossier-actions.js";
import { paymentPortalRoutes } from "./portal/payment.js";
import { postalPortalRoutes } from "./portal/postal.js";
import { citizenDossierRoutes } from "./portal/dossiers.js";
import { petitionPortalRoutes } from "./portal/petitions.js";
import { ratingRoutes } from "./portal/ratings.js";
import { publicStatisticsRoutes } from "./portal/statistics.js";
import { seoRoutes } from "./portal/seo.js";
import { submissionRoutes } from "./portal/submission.js";
import { warehouseRoutes } from "./portal/warehouse.js";
import { registryRoutes } from "./portal/registries.js";
import { staticRoutes } from "./static.js";
import type { RouteModule } from "./types.js";

/** Every route module, in registration order. Each feature adds its line here. */
export const routes: RouteModule[] = [
  staticRoutes,
  officeAuthRoutes,
  catalogueRoutes,
  calendarRoutes,
  submissionRoutes,
  warehouseRoutes,
  registryRoutes,
  citizenDossierRoutes,
  ratingRoutes,
  publicStatisticsRoutes,
  dossierActionRoutes,
  paymentPortalRoutes,
  postalPortalRoutes,
  citizenAuthRoutes,
  officeApiRoutes,
  officePageRoutes,
  nationalSyncRoutes,
  paymentOfficeRoutes,
  reportRoutes,
  adminOfficerRoutes,
  dashboardRoutes,
  adminCalendarRoutes,
  adminOpsRoutes,
  adminUnitRoutes,
  adminSearchWordRoutes,
  adminCatalogueRoutes,
  adminProcedureRoutes,
  adminProcedurePageRoutes,
  adminBrandingRoutes,
  nationalPortalCallbackRoutes,
  paymentCallbackRoutes,
  postalCallbackRoutes,
  smsReportRoutes,
  adminNotifyTemplateRoutes,
  adminTemplateRoutes,
  notifySettingsRoutes,
  seoRoutes,
  petitionPortalRoutes,
  petitionOfficeRoutes,
];
