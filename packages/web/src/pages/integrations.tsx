import { useId } from 'react';
import { ROLES_FOR } from '../roles';
import { useTitle } from '../router';
import { useSession } from '../session';
import { EmailSection } from './integrations/email-section';
import { ModulesSection } from './integrations/modules-section';
import { MqttSection } from './integrations/mqtt-section';
import { WebhooksSection } from './integrations/webhooks-section';

/**
 * Everything that carries Heldar's events to other systems: webhooks, MQTT, email and module
 * sidecars, each a self-contained section (./integrations/).
 */
export function IntegrationsPage() {
  useTitle('Integrations');
  const { can } = useSession();
  const id = useId();
  if (!can(ROLES_FOR.integrations)) return <p className="notice notice-error">Only an admin can manage integrations.</p>;
  return (
    <>
      <h1 id={id}>Integrations</h1>
      <WebhooksSection />
      <MqttSection />
      <EmailSection />
      <ModulesSection />
    </>
  );
}
