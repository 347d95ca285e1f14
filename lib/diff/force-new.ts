/**
 * Which attribute changes make the provider destroy and recreate a resource ("force new"), for
 * every resource type pcloud renders on Azure (azurerm 4.55) and vSphere (vsphere 2.15).
 *
 * Read from the providers' schemas (`ForceNew: true`, `CustomizeDiff` with `ForceNew` /
 * `ForceNewIfChange`), not guessed. An attribute is named either top level (`name`) or, for a
 * block whose fields differ, as `block.field`. An attribute in none of the lists is unknown to
 * pcloud: a change to it is reported as "may replace", never as an update.
 */

/** What one resource type's attributes do when they change. */
export interface ForceNewEntry {
  /** Attributes whose change always replaces the resource. */
  readonly forceNew: readonly string[];
  /** Attributes the provider updates in place. */
  readonly inPlace: readonly string[];
  /** Attributes that replace the resource only for some changes (the condition in words); reported as "may replace" unless pcloud can tell. */
  readonly conditional?: Readonly<Record<string, string>>;
  /** Where the lists come from (repository, file and stored copy). */
  readonly source: string;
}

const AZURERM = 'hashicorp/terraform-provider-azurerm';
const VSPHERE = 'vmware/terraform-provider-vsphere';
/** `commonschema.Location()`, `ResourceGroupName()` and `LocationOptional()` are `ForceNew: true` (hashicorp/go-azure-helpers `resourcemanager/commonschema`). */
const COMMONSCHEMA = 'location and resource_group_name through commonschema (ForceNew, hashicorp/go-azure-helpers resourcemanager/commonschema)';

function azurerm(file: string, note = ''): string {
  return `${AZURERM} internal/services/${file}${note ? `; ${note}` : ''}`;
}

/** vSphere tags and custom attributes are applied after create and on update (`processTagDiff`, `attrsProcessor.ProcessDiff`). */
const VSPHERE_TAGGING = ['custom_attributes', 'tags'];

/** The table, by Terraform resource type. Lists are sorted. */
export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  // ---------------------------------------------------------------- azurerm: base, network
  azurerm_resource_group: {
    forceNew: ['location', 'name'],
    inPlace: ['managed_by', 'tags'],
    source: azurerm('resource/resource_group_resource.go', COMMONSCHEMA),
  },
  azurerm_virtual_network: {
    forceNew: ['edge_zone', 'location', 'name', 'resource_group_name'],
    inPlace: ['address_space', 'bgp_community', 'ddos_protection_plan', 'dns_servers', 'encryption', 'flow_timeout_in_minutes', 'ip_address_pool', 'private_endpoint_vnet_policies', 'subnet', 'tags'],
    source: `${AZURERM} website/docs/r/virtual_network.html.markdown (4.x copy with ip_address_pool): "Changing this forces a new resource"`,
  },
  azurerm_subnet: {
    forceNew: ['name', 'resource_group_name', 'virtual_network_name'],
    inPlace: [
      'address_prefixes',
      'default_outbound_access_enabled',
      'delegation',
      'ip_address_pool',
      'private_endpoint_network_policies',
      'private_link_service_network_policies_enabled',
      'service_endpoint_policy_ids',
      'service_endpoints',
      'sharing_scope',
    ],
    source: azurerm('network/subnet_resource.go'),
  },
  azurerm_network_security_group: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['security_rule', 'tags'],
    source: azurerm('network/network_security_group_resource.go'),
  },
  azurerm_network_security_rule: {
    forceNew: ['name', 'network_security_group_name', 'resource_group_name'],
    inPlace: [
      'access',
      'description',
      'destination_address_prefix',
      'destination_address_prefixes',
      'destination_application_security_group_ids',
      'destination_port_range',
      'destination_port_ranges',
      'direction',
      'priority',
      'protocol',
      'source_address_prefix',
      'source_address_prefixes',
      'source_application_security_group_ids',
      'source_port_range',
      'source_port_ranges',
    ],
    source: azurerm('network/network_security_rule_resource.go'),
  },
  azurerm_subnet_network_security_group_association: {
    forceNew: ['network_security_group_id', 'subnet_id'],
    inPlace: [],
    source: azurerm('network/subnet_network_security_group_association_resource.go', 'no Update function'),
  },
  azurerm_application_security_group: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['tags'],
    source: azurerm('network/application_security_group_resource.go'),
  },
  azurerm_network_interface: {
    forceNew: ['edge_zone', 'location', 'name', 'resource_group_name'],
    inPlace: ['accelerated_networking_enabled', 'auxiliary_mode', 'auxiliary_sku', 'dns_servers', 'internal_dns_name_label', 'ip_configuration', 'ip_forwarding_enabled', 'tags'],
    source: azurerm('network/network_interface_resource.go', 'ip_configuration has no ForceNew field'),
  },
  azurerm_network_interface_application_security_group_association: {
    forceNew: ['application_security_group_id', 'network_interface_id'],
    inPlace: [],
    source: azurerm('network/network_interface_application_security_group_association_resource.go', 'no Update function'),
  },
  azurerm_private_endpoint: {
    forceNew: [
      'custom_network_interface_name',
      'edge_zone',
      'ip_configuration',
      'location',
      'name',
      'private_service_connection.is_manual_connection',
      'private_service_connection.name',
      'private_service_connection.private_connection_resource_alias',
      'private_service_connection.private_connection_resource_id',
      'private_service_connection.subresource_names',
      'resource_group_name',
      'subnet_id',
    ],
    inPlace: ['private_dns_zone_group', 'private_service_connection.request_message', 'tags'],
    source: azurerm('network/private_endpoint_resource.go', 'every ip_configuration field is ForceNew'),
  },
  azurerm_private_endpoint_application_security_group_association: {
    forceNew: ['application_security_group_id', 'private_endpoint_id'],
    inPlace: [],
    source: azurerm('network/private_endpoint_application_security_group_association_resource.go', 'no Update function'),
  },
  azurerm_network_watcher_flow_log: {
    forceNew: ['location', 'name', 'network_watcher_name', 'resource_group_name'],
    inPlace: ['enabled', 'network_security_group_id', 'retention_policy', 'storage_account_id', 'tags', 'target_resource_id', 'traffic_analytics', 'version'],
    source: azurerm('network/network_watcher_flow_log_resource.go', 'target_resource_id is not ForceNew before 5.0'),
  },
  azurerm_private_dns_zone: {
    forceNew: ['name', 'resource_group_name', 'soa_record'],
    inPlace: ['tags'],
    source: azurerm('privatedns/private_dns_zone_resource.go', 'stored copy predates 4.0'),
  },
  azurerm_private_dns_zone_virtual_network_link: {
    forceNew: ['name', 'private_dns_zone_name', 'resource_group_name', 'virtual_network_id'],
    inPlace: ['registration_enabled', 'tags'],
    source: azurerm('privatedns/private_dns_zone_virtual_network_link_resource.go'),
  },
  azurerm_route_table: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['bgp_route_propagation_enabled', 'route', 'tags'],
    source: azurerm('network/route_table_resource.go', 'no route field is ForceNew'),
  },
  azurerm_subnet_route_table_association: {
    forceNew: ['route_table_id', 'subnet_id'],
    inPlace: [],
    source: azurerm('network/subnet_route_table_association_resource.go', 'no Update function'),
  },

  // ---------------------------------------------------------------- azurerm: load balancing, Private Link
  azurerm_lb: {
    forceNew: ['edge_zone', 'location', 'name', 'resource_group_name', 'sku', 'sku_tier'],
    inPlace: [
      'frontend_ip_configuration.gateway_load_balancer_frontend_ip_configuration_id',
      'frontend_ip_configuration.private_ip_address',
      'frontend_ip_configuration.private_ip_address_allocation',
      'frontend_ip_configuration.private_ip_address_version',
      'frontend_ip_configuration.public_ip_address_id',
      'frontend_ip_configuration.public_ip_prefix_id',
      'frontend_ip_configuration.subnet_id',
      'tags',
    ],
    conditional: {
      'frontend_ip_configuration.name': 'renaming a frontend is in place, but removing every frontend forces a new load balancer (CustomizeDiff)',
      'frontend_ip_configuration.zones': 'a change for a frontend that keeps its name forces a new load balancer (CustomizeDiff)',
    },
    source: azurerm(
      'loadbalancer/lb_resource.go',
      'edge_zone is commonschema.EdgeZoneOptionalForceNew; the stored copy is newer than 4.55 and has no top-level public_ip_address_id or subnet_id (in the 4.55 bindings), so they are not listed (reported as may-replace)',
    ),
  },
  azurerm_lb_backend_address_pool: {
    forceNew: ['loadbalancer_id', 'name', 'synchronous_mode'],
    inPlace: ['tunnel_interface', 'virtual_network_id'],
    source: azurerm('loadbalancer/lb_backend_address_pool_resource.go', 'a virtual_network_id change is refused for a Basic load balancer'),
  },
  azurerm_lb_probe: {
    forceNew: ['loadbalancer_id', 'name'],
    inPlace: ['interval_in_seconds', 'no_healthy_backends_behavior', 'number_of_probes', 'port', 'probe_threshold', 'protocol', 'request_path'],
    source: azurerm('loadbalancer/lb_probe_resource.go', 'no_healthy_backends_behavior is newer than 4.55'),
  },
  azurerm_lb_rule: {
    forceNew: ['loadbalancer_id', 'name'],
    inPlace: [
      'backend_address_pool_ids',
      'backend_port',
      'disable_outbound_snat',
      'floating_ip_enabled',
      'frontend_ip_configuration_name',
      'frontend_port',
      'idle_timeout_in_minutes',
      'load_distribution',
      'probe_id',
      'protocol',
      'tcp_reset_enabled',
    ],
    source: azurerm(
      'loadbalancer/lb_rule_resource.go',
      'the stored copy is newer than 4.55 and has no enable_floating_ip or enable_tcp_reset (the deprecated 4.x spellings), so they are not listed (reported as may-replace)',
    ),
  },
  azurerm_network_interface_backend_address_pool_association: {
    forceNew: ['backend_address_pool_id', 'ip_configuration_name', 'network_interface_id'],
    inPlace: [],
    source: azurerm('network/network_interface_backend_address_pool_association_resource.go', 'no Update function; stored copy predates 4.0'),
  },
  azurerm_private_link_service: {
    forceNew: ['load_balancer_frontend_ip_configuration_ids', 'location', 'name', 'nat_ip_configuration.name', 'nat_ip_configuration.primary', 'resource_group_name'],
    inPlace: ['auto_approval_subscription_ids', 'enable_proxy_protocol', 'fqdns', 'nat_ip_configuration.private_ip_address_version', 'tags', 'visibility_subscription_ids'],
    conditional: {
      'nat_ip_configuration.private_ip_address': 'in place, but removing an assigned address is refused by the provider (CustomizeDiff)',
      'nat_ip_configuration.subnet_id': 'in place, but the subnet of the primary configuration cannot change once set (CustomizeDiff refuses)',
    },
    source: azurerm(
      'network/private_link_service_resource.go',
      'stored copy predates 4.0, so the later destination_ip_address is not listed (reported as may-replace)',
    ),
  },

  // ---------------------------------------------------------------- azurerm: VPN
  azurerm_public_ip: {
    forceNew: ['edge_zone', 'ip_tags', 'ip_version', 'location', 'name', 'public_ip_prefix_id', 'resource_group_name', 'sku_tier', 'zones'],
    inPlace: ['allocation_method', 'ddos_protection_mode', 'ddos_protection_plan_id', 'domain_name_label', 'idle_timeout_in_minutes', 'reverse_fqdn', 'tags'],
    conditional: {
      domain_name_label_scope: 'setting it where there was none is in place; any other change forces a new address (ForceNewIfChange)',
      sku: 'an upgrade (Basic to Standard to StandardV2) is in place; any other change forces a new address (ForceNewIfChange)',
    },
    source: azurerm(
      'network/public_ip_resource.go',
      'zones is commonschema.ZonesMultipleOptionalForceNew; CustomizeDiff also refuses changes to a Basic address',
    ),
  },
  azurerm_virtual_network_gateway: {
    forceNew: ['edge_zone', 'generation', 'ip_configuration', 'location', 'name', 'private_ip_address_enabled', 'resource_group_name', 'type', 'vpn_type'],
    inPlace: [
      'active_active',
      'bgp_route_translation_for_nat_enabled',
      'bgp_settings',
      'custom_route',
      'default_local_network_gateway_id',
      'dns_forwarding_enabled',
      'enable_bgp',
      'ip_sec_replay_protection_enabled',
      'policy_group',
      'remote_vnet_traffic_enabled',
      'sku',
      'tags',
      'virtual_wan_traffic_enabled',
      'vpn_client_configuration',
    ],
    source: azurerm(
      'network/virtual_network_gateway_resource.go',
      '4.x copy (network API 2024-05-01): the whole ip_configuration block is ForceNew since pull request #27828, so a new public IP or subnet replaces the gateway',
    ),
  },
  azurerm_local_network_gateway: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['address_space', 'bgp_settings', 'gateway_address', 'gateway_fqdn', 'tags'],
    source: azurerm('network/local_network_gateway_resource.go'),
  },
  azurerm_virtual_network_gateway_connection: {
    forceNew: [
      'connection_mode',
      'connection_protocol',
      'dpd_timeout_seconds',
      'express_route_circuit_id',
      'local_azure_ip_address_enabled',
      'location',
      'name',
      'peer_virtual_network_gateway_id',
      'resource_group_name',
      'type',
      'virtual_network_gateway_id',
    ],
    inPlace: [
      'authorization_key',
      'custom_bgp_addresses',
      'egress_nat_rule_ids',
      'enable_bgp',
      'express_route_gateway_bypass',
      'ingress_nat_rule_ids',
      'ipsec_policy',
      'local_network_gateway_id',
      'private_link_fast_path_enabled',
      'routing_weight',
      'shared_key',
      'tags',
      'traffic_selector_policy',
      'use_policy_based_traffic_selectors',
    ],
    source: azurerm(
      'network/virtual_network_gateway_connection_resource.go',
      'stored copy predates 4.0 (network API 2023-11-01) but holds every attribute of the 4.55 bindings; shared_key is set through SetSharedKey on update',
    ),
  },

  // ---------------------------------------------------------------- azurerm: keys, identity
  azurerm_key_vault: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['access_policy', 'contact', 'enabled_for_deployment', 'enabled_for_disk_encryption', 'enabled_for_template_deployment', 'network_acls', 'purge_protection_enabled', 'sku_name', 'tags', 'tenant_id'],
    conditional: { soft_delete_retention_days: 'set once: Azure refuses a change after creation (provider docs)' },
    source: azurerm(
      'keyvault/key_vault_resource.go',
      'stored copy predates 4.0, so the 4.x attributes rbac_authorization_enabled and public_network_access_enabled are not listed (reported as may-replace)',
    ),
  },
  azurerm_key_vault_key: {
    forceNew: ['curve', 'key_size', 'key_type', 'key_vault_id', 'name'],
    inPlace: ['key_opts', 'not_before_date', 'rotation_policy', 'tags'],
    conditional: { expiration_date: 'removing it forces a new key (ForceNewIfChange)' },
    source: azurerm('keyvault/key_vault_key_resource.go'),
  },
  azurerm_user_assigned_identity: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['isolation_scope', 'tags'],
    source: azurerm('managedidentity/user_assigned_identity_resource.go', COMMONSCHEMA),
  },
  azurerm_disk_encryption_set: {
    forceNew: ['encryption_type', 'location', 'name', 'resource_group_name'],
    inPlace: ['auto_key_rotation_enabled', 'federated_client_id', 'identity.identity_ids', 'key_vault_key_id', 'managed_hsm_key_id', 'tags'],
    conditional: { 'identity.type': 'UserAssigned (or SystemAssigned, UserAssigned) to SystemAssigned forces a new set (ForceNewIfChange)' },
    source: azurerm('compute/disk_encryption_set_resource.go'),
  },
  azurerm_role_assignment: {
    forceNew: ['delegated_managed_identity_resource_id', 'name', 'principal_id', 'principal_type', 'role_definition_id', 'role_definition_name', 'scope'],
    inPlace: ['condition', 'condition_version', 'description', 'skip_service_principal_aad_check'],
    source: azurerm('authorization/role_assignment_resource.go'),
  },
  azurerm_role_definition: {
    forceNew: ['role_definition_id', 'scope'],
    inPlace: ['assignable_scopes', 'description', 'name', 'permissions'],
    source: azurerm('authorization/role_definition_resource.go'),
  },
  azurerm_management_lock: {
    forceNew: ['lock_level', 'name', 'notes', 'scope'],
    inPlace: [],
    source: azurerm('resource/management_lock_resource.go', 'no Update function'),
  },
  azurerm_resource_group_policy_assignment: {
    forceNew: ['location', 'name', 'policy_definition_id', 'resource_group_id'],
    inPlace: ['description', 'display_name', 'enforce', 'identity', 'metadata', 'non_compliance_message', 'not_scopes', 'overrides', 'parameters', 'resource_selectors'],
    source: azurerm('policy/assignment_resource_group_resource.go and assignment_resource_base.go', 'location is commonschema.LocationOptional (ForceNew)'),
  },

  // ---------------------------------------------------------------- azurerm: compute, data
  azurerm_linux_virtual_machine: {
    forceNew: [
      'admin_password',
      'admin_username',
      'availability_set_id',
      'computer_name',
      'custom_data',
      'disable_password_authentication',
      'edge_zone',
      'eviction_policy',
      'location',
      'name',
      'os_managed_disk_id',
      'plan',
      'platform_fault_domain',
      'priority',
      'provision_vm_agent',
      'resource_group_name',
      'secure_boot_enabled',
      'source_image_id',
      'source_image_reference',
      'vtpm_enabled',
      'zone',
    ],
    inPlace: [
      'allow_extension_operations',
      'boot_diagnostics',
      'bypass_platform_safety_checks_on_user_schedule_enabled',
      'capacity_reservation_group_id',
      'dedicated_host_group_id',
      'dedicated_host_id',
      'disk_controller_type',
      'encryption_at_host_enabled',
      'extensions_time_budget',
      'identity',
      'license_type',
      'max_bid_price',
      'network_interface_ids',
      'patch_assessment_mode',
      'patch_mode',
      'proximity_placement_group_id',
      'reboot_setting',
      'secret',
      'size',
      'tags',
      'user_data',
      'virtual_machine_scale_set_id',
    ],
    source: azurerm(
      'compute/linux_virtual_machine_resource.go and compute/shared_schema.go',
      'zone is commonschema.ZoneSingleOptionalForceNew; os_disk, admin_ssh_key and additional_capabilities mix ForceNew and updatable fields whose schema was not read, so they are not listed (reported as may-replace)',
    ),
  },
  azurerm_postgresql_flexible_server: {
    forceNew: ['customer_managed_key', 'delegated_subnet_id', 'geo_redundant_backup_enabled', 'location', 'name', 'point_in_time_restore_time_in_utc', 'resource_group_name', 'source_server_id'],
    inPlace: [
      'administrator_password',
      'administrator_password_wo',
      'administrator_password_wo_version',
      'authentication',
      'auto_grow_enabled',
      'backup_retention_days',
      'create_mode',
      'high_availability',
      'identity.identity_ids',
      'maintenance_window',
      'private_dns_zone_id',
      'public_network_access_enabled',
      'replication_role',
      'sku_name',
      'storage_tier',
      'tags',
      'zone',
    ],
    conditional: {
      administrator_login: 'any change once it is set forces a new server (CustomizeDiff)',
      'identity.type': 'dropping the user-assigned identity forces a new server (CustomizeDiff)',
      storage_mb: 'shrinking forces a new server (CustomizeDiff)',
      version: 'a downgrade forces a new server (CustomizeDiff)',
    },
    source: azurerm('postgres/postgresql_flexible_server_resource.go', 'zone is commonschema.ZoneSingleOptional (not ForceNew)'),
  },
  azurerm_postgresql_flexible_server_configuration: {
    forceNew: ['name', 'server_id'],
    inPlace: ['value'],
    source: azurerm('postgres/postgresql_flexible_server_configuration_resource.go'),
  },
  azurerm_storage_account: {
    forceNew: [
      'account_tier',
      'dns_endpoint_type',
      'edge_zone',
      'immutability_policy',
      'infrastructure_encryption_enabled',
      'is_hns_enabled',
      'location',
      'name',
      'nfsv3_enabled',
      'provisioned_billing_model_version',
      'queue_encryption_key_type',
      'resource_group_name',
      'table_encryption_key_type',
    ],
    inPlace: [
      'access_tier',
      'allow_nested_items_to_be_public',
      'allowed_copy_scope',
      'azure_files_authentication',
      'blob_properties',
      'cross_tenant_replication_enabled',
      'custom_domain',
      'customer_managed_key',
      'default_to_oauth_authentication',
      'https_traffic_only_enabled',
      'identity',
      'local_user_enabled',
      'min_tls_version',
      'network_rules',
      'public_network_access_enabled',
      'queue_properties',
      'routing',
      'sas_policy',
      'sftp_enabled',
      'share_properties',
      'shared_access_key_enabled',
      'static_website',
      'tags',
    ],
    conditional: {
      account_kind: 'forces a new account unless it goes from Storage to StorageV2 (CustomizeDiff)',
      account_replication_type: 'between LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS forces a new account (ForceNewIfChange)',
      large_file_share_enabled: 'true to false forces a new account (CustomizeDiff)',
    },
    source: azurerm('storage/storage_account_resource.go', 'the immutability_policy block itself is ForceNew: any change to it replaces the account'),
  },
  azurerm_log_analytics_workspace: {
    forceNew: ['location', 'name', 'resource_group_name', 'sku'],
    inPlace: ['daily_quota_gb', 'internet_ingestion_enabled', 'internet_query_enabled', 'reservation_capacity_in_gb_per_day', 'retention_in_days', 'tags'],
    source: azurerm('loganalytics/log_analytics_workspace_resource.go', 'stored copy predates 3.0, so the 4.x attribute local_authentication_enabled is not listed (reported as may-replace)'),
  },
  azurerm_log_analytics_workspace_table_custom_log: {
    forceNew: ['name', 'workspace_id'],
    inPlace: ['column', 'description', 'display_name', 'plan', 'retention_in_days', 'total_retention_in_days'],
    source: azurerm(
      'loganalytics/log_analytics_workspace_table_custom_log_resource.go and log_analytics_workspace_table.go',
      'no column field is ForceNew; CustomizeDiff only refuses retention_in_days with the Basic plan',
    ),
  },
  azurerm_monitor_diagnostic_setting: {
    forceNew: ['name', 'target_resource_id'],
    inPlace: ['enabled_log', 'eventhub_authorization_rule_id', 'eventhub_name', 'log_analytics_destination_type', 'log_analytics_workspace_id', 'metric', 'partner_solution_id', 'storage_account_id'],
    source: azurerm('monitor/monitor_diagnostic_setting_resource.go', 'stored copy of 3.x; 4.x enabled_metric is not listed'),
  },
  azurerm_recovery_services_vault: {
    forceNew: ['classic_vmware_replication_enabled', 'location', 'name', 'resource_group_name'],
    inPlace: ['encryption', 'identity', 'monitoring', 'public_network_access_enabled', 'sku', 'soft_delete_enabled', 'storage_mode_type', 'tags'],
    conditional: {
      cross_region_restore_enabled: 'true to false forces a new vault (ForceNewIfChange)',
      immutability: 'any change away from Locked forces a new vault (ForceNewIfChange)',
    },
    source: azurerm('recoveryservices/recovery_services_vault_resource.go'),
  },
  azurerm_backup_policy_vm: {
    forceNew: ['name', 'policy_type', 'recovery_vault_name', 'resource_group_name'],
    inPlace: ['backup', 'instant_restore_retention_days', 'retention_daily', 'retention_monthly', 'retention_weekly', 'retention_yearly', 'timezone'],
    source: azurerm('recoveryservices/backup_policy_vm_resource.go', 'stored copy of 3.x'),
  },
  azurerm_backup_protected_vm: {
    forceNew: ['recovery_vault_name', 'resource_group_name', 'source_vm_id'],
    inPlace: ['backup_policy_id', 'exclude_disk_luns', 'include_disk_luns', 'protection_state'],
    source: azurerm('recoveryservices/backup_protected_vm_resource.go'),
  },
  azurerm_security_center_subscription_pricing: {
    forceNew: ['subplan'],
    inPlace: ['extension', 'tier'],
    conditional: { resource_type: 'not ForceNew in the schema, yet the resource id is derived from it and Update ignores it' },
    source: azurerm('securitycenter/security_center_subscription_pricing_resource.go'),
  },
  azurerm_security_center_automation: {
    forceNew: ['location', 'name', 'resource_group_name'],
    inPlace: ['action', 'description', 'enabled', 'scopes', 'source', 'tags'],
    source: azurerm('securitycenter/security_center_automation_resource.go', 'stored copy predates 4.0'),
  },

  // ---------------------------------------------------------------- vSphere
  vsphere_folder: {
    forceNew: ['datacenter_id', 'type'],
    inPlace: ['custom_attributes', 'path', 'tags'],
    source: `${VSPHERE} vsphere/resource_vsphere_folder.go (a path change renames or moves the folder)`,
  },
  vsphere_tag_category: {
    forceNew: [],
    inPlace: ['cardinality', 'description', 'name'],
    conditional: { associable_types: 'adding types is in place; removing one is refused by the provider' },
    source: `${VSPHERE} vsphere/resource_vsphere_tag_category.go`,
  },
  vsphere_role: {
    forceNew: [],
    inPlace: ['name', 'role_privileges'],
    source: `${VSPHERE} vsphere/resource_vsphere_role.go`,
  },
  vsphere_entity_permissions: {
    forceNew: ['entity_id', 'entity_type'],
    inPlace: ['permissions'],
    source: `${VSPHERE} vsphere/resource_vsphere_entity_permissions.go`,
  },
  vsphere_tag: {
    forceNew: ['category_id'],
    inPlace: ['description', 'name'],
    source: 'hashicorp/terraform-provider-vsphere vsphere/resource_vsphere_tag.go (stored copy of the pre-Broadcom tree)',
  },
  vsphere_resource_pool: {
    forceNew: [],
    inPlace: [
      'cpu_expandable',
      'cpu_limit',
      'cpu_reservation',
      'cpu_share_level',
      'cpu_shares',
      'memory_expandable',
      'memory_limit',
      'memory_reservation',
      'memory_share_level',
      'memory_shares',
      'name',
      'parent_resource_pool_id',
      'scale_descendants_shares',
      ...VSPHERE_TAGGING,
    ].sort(),
    source: `${VSPHERE} vsphere/resource_vsphere_resource_pool.go (a parent change moves the pool)`,
  },
  vsphere_distributed_port_group: {
    forceNew: ['distributed_virtual_switch_uuid'],
    inPlace: [
      'active_uplinks',
      'allow_forged_transmits',
      'allow_mac_changes',
      'allow_promiscuous',
      'auto_expand',
      'block_all_ports',
      'block_override_allowed',
      'check_beacon',
      'description',
      'directpath_gen2_allowed',
      'egress_shaping_average_bandwidth',
      'egress_shaping_burst_size',
      'egress_shaping_enabled',
      'egress_shaping_peak_bandwidth',
      'failback',
      'ingress_shaping_average_bandwidth',
      'ingress_shaping_burst_size',
      'ingress_shaping_enabled',
      'ingress_shaping_peak_bandwidth',
      'lacp_enabled',
      'lacp_mode',
      'live_port_moving_allowed',
      'name',
      'netflow_enabled',
      'netflow_override_allowed',
      'network_resource_pool_key',
      'network_resource_pool_override_allowed',
      'notify_switches',
      'number_of_ports',
      'port_config_reset_at_disconnect',
      'port_name_format',
      'port_private_secondary_vlan_id',
      'security_policy_override_allowed',
      'shaping_override_allowed',
      'standby_uplinks',
      'teaming_policy',
      'traffic_filter_override_allowed',
      'tx_uplink',
      'type',
      'uplink_teaming_override_allowed',
      'vlan_id',
      'vlan_override_allowed',
      'vlan_range',
      ...VSPHERE_TAGGING,
    ].sort(),
    source: `${VSPHERE} vsphere/resource_vsphere_distributed_port_group.go, distributed_port_group_structure.go and distributed_virtual_port_setting_structure.go`,
  },
  vsphere_virtual_machine: {
    forceNew: ['clone', 'replace_trigger'],
    inPlace: [
      'alternate_guest_name',
      'annotation',
      'boot_delay',
      'boot_retry_delay',
      'boot_retry_enabled',
      'cpu_hot_add_enabled',
      'cpu_hot_remove_enabled',
      'cpu_performance_counters_enabled',
      'datacenter_id',
      'datastore_cluster_id',
      'datastore_id',
      'efi_secure_boot_enabled',
      'enable_disk_uuid',
      'enable_logging',
      'ept_rvi_mode',
      'evc_mode',
      'extra_config',
      'extra_config_reboot_required',
      'firmware',
      'folder',
      'force_power_off',
      'guest_id',
      'host_system_id',
      'hv_mode',
      'ide_controller_count',
      'ignored_guest_ips',
      'latency_sensitivity',
      'memory',
      'memory_hot_add_enabled',
      'memory_reservation_locked_to_max',
      'migrate_wait_timeout',
      'name',
      'nested_hv_enabled',
      'num_cores_per_numa_node',
      'num_cores_per_socket',
      'num_cpus',
      'nvme_controller_count',
      'pci_device_id',
      'poweron_timeout',
      'resource_pool_id',
      'run_tools_scripts_after_power_on',
      'run_tools_scripts_after_resume',
      'run_tools_scripts_before_guest_reboot',
      'run_tools_scripts_before_guest_shutdown',
      'run_tools_scripts_before_guest_standby',
      'sata_controller_count',
      'scsi_bus_sharing',
      'scsi_controller_count',
      'scsi_type',
      'shutdown_wait_timeout',
      'storage_policy_id',
      'swap_placement_policy',
      'sync_time_with_host',
      'sync_time_with_host_periodically',
      'tools_upgrade_policy',
      'vbs_enabled',
      'vtpm',
      'vvtd_enabled',
      'wait_for_guest_ip_timeout',
      'wait_for_guest_net_routable',
      'wait_for_guest_net_timeout',
      ...VSPHERE_TAGGING,
    ].sort(),
    conditional: { disk: 'in place (grow, policy, new disks), but a disk entry that disappears is detached and deleted unless keep_on_remove' },
    source: `${VSPHERE} vsphere/resource_vsphere_virtual_machine.go (CustomizeDiff: every change under clone.0 except timeout is ForceNew), virtual_machine_config_structure.go and internal/virtualdevice/virtual_machine_disk_subresource.go; network_interface, cdrom, video_card, vapp, ovf_deploy and hardware_version were not read (reported as may-replace)`,
  },
};

/** What a change to one attribute does, per the table. */
export type AttributeVerdict = 'force-new' | 'in-place' | 'conditional' | 'unknown';

/** The table's verdict for `path` (`attr` or `block.field`) of `type`. */
export function attributeVerdict(type: string, path: string): AttributeVerdict {
  const entry = FORCE_NEW[type];
  if (!entry) return 'unknown';
  if (entry.forceNew.includes(path)) return 'force-new';
  if (entry.inPlace.includes(path)) return 'in-place';
  if (entry.conditional && path in entry.conditional) return 'conditional';
  return 'unknown';
}

/** True when the table names fields of block `attr` of `type` (`attr.field`), so a change is judged field by field. */
export function hasFieldEntries(type: string, attr: string): boolean {
  const entry = FORCE_NEW[type];
  if (!entry) return false;
  const prefix = `${attr}.`;
  return [...entry.forceNew, ...entry.inPlace, ...Object.keys(entry.conditional ?? {})].some((p) => p.startsWith(prefix));
}

/**
 * For the conditional attributes whose condition depends only on the old and new values, whether
 * this change forces a new resource (`true`), does not (`false`), or cannot be told (`undefined`,
 * e.g. a value known only at apply time).
 */
export function conditionForces(type: string, path: string, before: unknown, after: unknown): boolean | undefined {
  const rule = CONDITIONS[type]?.[path];
  if (!rule) return undefined;
  // Values written as references are known only at apply (blocks are left to their rule).
  if (isInterpolated(before) || isInterpolated(after)) return undefined;
  return rule(before, after);
}

type Condition = (before: unknown, after: unknown) => boolean | undefined;

const ZONE_REDUNDANT = new Set(['ZRS', 'GZRS', 'RAGZRS']);
const upper = (v: unknown): string | undefined => (typeof v === 'string' ? v.toUpperCase() : undefined);
/** `isPublicIpSkuUpgrade`: a move up this order is an upgrade, in place. */
const PUBLIC_IP_SKU_ORDER: Readonly<Record<string, number>> = { basic: 1, standard: 2, standardv2: 3 };

/** The value-only conditions of the providers' CustomizeDiff functions, as written in the sources named in the table. */
const CONDITIONS: Readonly<Record<string, Readonly<Record<string, Condition>>>> = {
  azurerm_storage_account: {
    account_replication_type: (b, a) => {
      const [from, to] = [upper(b), upper(a)];
      if (from === undefined || to === undefined) return undefined;
      return ZONE_REDUNDANT.has(from) !== ZONE_REDUNDANT.has(to);
    },
    account_kind: (b, a) => (b === undefined ? undefined : !(b === 'Storage' && a === 'StorageV2')),
    large_file_share_enabled: (b, a) => b === true && a !== true,
  },
  azurerm_recovery_services_vault: {
    cross_region_restore_enabled: (b, a) => b === true && a !== true,
    immutability: (b) => b === 'Locked',
  },
  azurerm_key_vault_key: {
    expiration_date: (b, a) => typeof b === 'string' && b !== '' && (a === undefined || a === ''),
  },
  azurerm_postgresql_flexible_server: {
    version: (b, a) => (typeof b === 'string' && typeof a === 'string' ? Number(a) < Number(b) : undefined),
    storage_mb: (b, a) => (typeof b === 'number' && typeof a === 'number' ? a < b : undefined),
    administrator_login: (b) => (b === undefined || b === '' ? false : true),
  },
  azurerm_public_ip: {
    sku: (b, a) => {
      const [from, to] = [PUBLIC_IP_SKU_ORDER[String(b).toLowerCase()] ?? 0, PUBLIC_IP_SKU_ORDER[String(a).toLowerCase()] ?? 0];
      return typeof b === 'string' && typeof a === 'string' ? !(to > from) : undefined;
    },
    domain_name_label_scope: (b, a) => {
      const [from, to] = [b ?? '', a ?? ''];
      return typeof from === 'string' && typeof to === 'string' ? from !== '' || to === '' : undefined;
    },
  },
  azurerm_private_link_service: {
    // Removing an assigned address is refused at plan time, not a replacement: unknown to the diff.
    'nat_ip_configuration.private_ip_address': (b, a) => (typeof b === 'string' && b !== '' && (a === undefined || a === '') ? undefined : false),
  },
  vsphere_tag_category: {
    // A removal is refused at apply, not a replacement: unknown to the diff.
    associable_types: (b, a) => (Array.isArray(b) && Array.isArray(a) && b.every((t) => a.includes(t)) ? false : undefined),
  },
  vsphere_virtual_machine: {
    // Disks are matched by label; one that disappears is deleted with its data.
    disk: (b, a) => {
      if (!Array.isArray(b) || !Array.isArray(a)) return undefined;
      const label = (d: unknown) => (d as { label?: unknown } | null)?.label;
      if (![...b, ...a].every((d) => typeof label(d) === 'string' && !isInterpolated(label(d)))) return undefined;
      const labels = new Set(a.map(label));
      return b.every((d) => labels.has(label(d))) ? false : undefined;
    },
  },
};

function isInterpolated(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${');
  if (Array.isArray(v)) return v.some((x) => typeof x === 'string' && isInterpolated(x));
  return false;
}

/** The table as Markdown, one row per resource type, for the README. */
export function forceNewTableMarkdown(): string {
  const code = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| Resource type | Forces a new resource | Updated in place | Replaces only when | Source |',
    '|---|---|---|---|---|',
  ];
  for (const type of Object.keys(FORCE_NEW).sort()) {
    const e = FORCE_NEW[type]!;
    const conditional = Object.entries(e.conditional ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([attr, when]) => `\`${attr}\`: ${when}`)
      .join('; ');
    lines.push(`| \`${type}\` | ${cell(code(e.forceNew))} | ${cell(code(e.inPlace))} | ${cell(conditional || '—')} | ${cell(e.source)} |`);
  }
  return `${lines.join('\n')}\n`;
}
