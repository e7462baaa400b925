using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Metering.Gateway.Handlers;

namespace Orleans.Metering.Gateway;

public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddMeteringGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>();
        services.AddSingleton<HandlerContext>();
        services.AddSingleton<ICimHandler, MeterConfigHandler>();
        services.AddSingleton<ICimHandler, EndDeviceControlsHandler>();
        services.AddSingleton<ICimHandler, EndDeviceEventsHandler>();
        services.AddSingleton<MeterReadingsQuery>();
        services.AddSingleton<ICimHandler, MeterReadingsHandler>();
        services.AddSingleton<ICimHandler, MeterReadScheduleHandler>();
        services.AddSingleton<MessageRouter>();
        services.AddSingleton<CimEndpoint>();
        services.AddSingleton<OutboxEndpoints>();
        services.AddHttpClient(ReplyDeliveryService.HttpClientName);
        services.AddSingleton<ReplyDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplyDeliveryService>());
        return services;
    }

    /// <summary>POST /cim for CIM messages and the operator's /outbox/dead-letters (health endpoints are the host's).</summary>
    public static IEndpointRouteBuilder MapMeteringGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/cim", (HttpContext http, CimEndpoint endpoint) => endpoint.Handle(http));
        OutboxEndpoints.Map(endpoints);
        return endpoints;
    }
}
